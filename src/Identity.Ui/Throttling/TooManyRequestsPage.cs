using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Ui.Throttling;

/// <summary>What the "too many attempts" page shows: how long to wait, in whole seconds.</summary>
public sealed record TooManyRequestsViewModel(int RetryAfterSeconds)
{
    /// <summary>Minutes, rounded up, once the wait is long enough that seconds read badly.</summary>
    public int? RetryAfterMinutes => RetryAfterSeconds >= 120 ? (RetryAfterSeconds + 59) / 60 : null;
}

/// <summary>
/// The hosted pages' answer to an address over the failure limit: status 429 and a page in the user's language.
/// Written from middleware (before routing), so it runs the view without an MVC action.
/// </summary>
public static class TooManyRequestsPage
{
    public const string ViewPath = "~/Views/Shared/TooManyRequests.cshtml";

    public static Task WriteAsync(HttpContext httpContext, int retryAfterSeconds)
    {
        var result = new ViewResult
        {
            ViewName = ViewPath,
            StatusCode = StatusCodes.Status429TooManyRequests,
            ViewData = new ViewDataDictionary<TooManyRequestsViewModel>(
                httpContext.RequestServices.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary())
            {
                Model = new TooManyRequestsViewModel(retryAfterSeconds),
            },
        };
        return result.ExecuteResultAsync(new ActionContext(httpContext, httpContext.GetRouteData(), new ActionDescriptor()));
    }
}
