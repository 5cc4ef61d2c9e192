using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Ui.Consent;

/// <summary>What the consent page shows: who asks, for what, and the request to re-post on Allow or Deny.</summary>
public sealed record ConsentViewModel(
    string ApplicationName, IReadOnlyList<string> Scopes, IReadOnlyList<KeyValuePair<string, string>> Parameters);

/// <summary>
/// The consent page for third-party apps, rendered by the authorization endpoint. Allow and Deny post the original
/// authorization request back to it (with an antiforgery token), so the decision is made where the request is.
/// </summary>
public static class ConsentPage
{
    public const string ViewPath = "~/Views/Consent/Index.cshtml";
    public const string AcceptField = "submit.Accept";
    public const string DenyField = "submit.Deny";

    public static IActionResult For(ConsentViewModel model, HttpContext httpContext) => new ViewResult
    {
        ViewName = ViewPath,
        ViewData = new ViewDataDictionary<ConsentViewModel>(
            httpContext.RequestServices.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary())
        {
            Model = model,
        },
    };

    /// <summary>A scope in words a person understands (English keys; the view translates them).</summary>
    public static string Describe(string scope) => scope switch
    {
        "openid" => "Know who you are on this site",
        "profile" => "See your name, username and picture",
        "email" => "See your email address",
        "phone" => "See your phone number",
        "address" => "See your address",
        "offline_access" => "Stay connected when you are not using the app",
        _ => scope,
    };
}
