using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Ui.Errors;

/// <summary>What the friendly error page shows: what happened, what to do, and an id to quote to support.</summary>
public sealed record ProtocolErrorViewModel(string Error, string Explanation, string CorrelationId);

/// <summary>
/// Renders protocol errors that must not be sent back to the app (an unknown client or an unregistered redirect URI
/// gives no safe place to redirect to), as a page with status 400 (413 for a form over the size limit) and no redirect.
/// </summary>
public static class ProtocolErrorPage
{
    public const string ViewPath = "~/Views/Shared/ProtocolError.cshtml";

    public static IActionResult For(string? error, string? description, HttpContext httpContext, int statusCode = StatusCodes.Status400BadRequest)
    {
        var model = new ProtocolErrorViewModel(
            error ?? "server_error",
            string.IsNullOrWhiteSpace(description) ? "The request could not be completed." : description,
            httpContext.TraceIdentifier);

        return new ViewResult
        {
            ViewName = ViewPath,
            StatusCode = statusCode,
            ViewData = new ViewDataDictionary<ProtocolErrorViewModel>(
                httpContext.RequestServices.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary())
            {
                Model = model,
            },
        };
    }
}
