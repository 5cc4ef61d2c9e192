using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Ui.Errors;

/// <summary>What the "temporarily unavailable" page shows: when to try again, and an id that matches the logs.</summary>
public sealed record ServiceUnavailableViewModel(int RetryAfterSeconds, string CorrelationId);

/// <summary>
/// The hosted pages' answer while the server cannot reach its database: status 503 and a page in the user's language
/// that says nothing was the user's fault. Written from middleware, so it runs the view without an MVC action; the
/// layout reads the sign-in experience, which falls back to the built-in branding when the database is down.
/// </summary>
public static class ServiceUnavailablePage
{
    public const string ViewPath = "~/Views/Shared/ServiceUnavailable.cshtml";

    public static Task WriteAsync(HttpContext httpContext, int retryAfterSeconds)
    {
        var result = new ViewResult
        {
            ViewName = ViewPath,
            StatusCode = StatusCodes.Status503ServiceUnavailable,
            ViewData = new ViewDataDictionary<ServiceUnavailableViewModel>(
                httpContext.RequestServices.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary())
            {
                Model = new ServiceUnavailableViewModel(retryAfterSeconds, httpContext.TraceIdentifier),
            },
        };
        return result.ExecuteResultAsync(new ActionContext(httpContext, httpContext.GetRouteData(), new ActionDescriptor()));
    }
}
