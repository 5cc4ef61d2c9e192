using System.Text.Json;
using Identity.Server.Oidc;
using Identity.Ui.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using OpenIddict.Abstractions;

namespace Identity.Server.Security;

/// <summary>
/// Reads every form once, at the door, within <see cref="RequestLimits"/>. Later readers (OpenIddict, MVC binding,
/// action constraints) get the cached form, so a malformed or oversized one is refused here with a 400/413 in the
/// endpoint's own shape (OAuth JSON for back-channel endpoints, the error page for the browser) instead of throwing
/// from deep inside a framework as a 500. The Management API reads its own JSON bodies (see <c>RequestBody</c>).
/// A NUL character (U+0000) in the path or a query parameter is refused here too, on every endpoint, as the form reader
/// refuses one in a form: no parameter ever needs one, and PostgreSQL cannot store or even compare text that holds one
/// (a lookup of such a client_id would fail as a 500 instead of "not found").
/// </summary>
public static class FormReadingGate
{
    private static readonly PathString ManagementApi = "/api";

    private static readonly HashSet<string> BackChannelPaths = new(StringComparer.OrdinalIgnoreCase)
    {
        OidcPaths.TokenRoute, OidcPaths.UserInfoRoute, OidcPaths.Prefix + "/" + OidcPaths.Revocation, OidcPaths.Prefix + "/" + OidcPaths.Introspection,
    };

    private const string NulMessage = "The request contains invalid characters: no parameter may contain the NUL character (U+0000).";

    public static IApplicationBuilder UseFormReadingGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(ManagementApi))
        {
            if (NulIn(context.Request.Path, context.Request.Query) is { } field)
            {
                await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["must not contain the NUL character (U+0000)."] })
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
            return;
        }

        if (NulIn(context.Request.Path, context.Request.Query) is not null)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, NulMessage);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = RequestLimits.MaxFormBodyBytes;
        }

        if (ClaimsToBeAForm(context.Request) && await TryReadFormAsync(context) is { } refusal)
        {
            await RefuseAsync(context, refusal.Status, refusal.Message);
            return;
        }
        await next(context);
    });

    /// <summary>The name of the first parameter ("path" for the path) holding a NUL character, or null.</summary>
    private static string? NulIn(PathString path, IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters)
    {
        if (path.Value?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return "path";
        }
        foreach (var (key, values) in parameters)
        {
            if (key.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                return key.Replace("\0", "", StringComparison.Ordinal);
            }
        }
        return null;
    }

    // Wider than HasFormContentType, which says no to a form type it cannot parse: OpenIddict only looks at the prefix.
    private static bool ClaimsToBeAForm(HttpRequest request) =>
        request.HasFormContentType ||
        request.ContentType?.TrimStart().StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true ||
        request.ContentType?.TrimStart().StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<(int Status, string Message)?> TryReadFormAsync(HttpContext context)
    {
        try
        {
            await context.Request.ReadFormAsync(context.RequestAborted);
            return null;
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (StatusCodes.Status413PayloadTooLarge, $"The form is larger than {RequestLimits.MaxFormBodyBytes / 1024} KiB.");
        }
        catch (BadHttpRequestException)
        {
            return (StatusCodes.Status400BadRequest, "The form could not be read.");
        }
        catch (InvalidDataException exception)
        {
            // The form reader's own wording names the limit or the defect ("Form value count limit 100 exceeded.").
            return (StatusCodes.Status400BadRequest, $"The form could not be read: {exception.Message}");
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or FormatException)
        {
            // A content type that claims a form but cannot be parsed, or a multipart body cut short.
            return (StatusCodes.Status400BadRequest, "The form could not be read: its content type or encoding is not valid.");
        }
    }

    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        if (BackChannelPaths.Contains(context.Request.Path.Value ?? ""))
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json;charset=UTF-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["error"] = OpenIddictConstants.Errors.InvalidRequest,
                ["error_description"] = message,
            }));
            return;
        }

        // The browser's endpoints: the friendly error page, with nothing sent back to an app.
        var page = ProtocolErrorPage.For(OpenIddictConstants.Errors.InvalidRequest, message, context, status);
        await page.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
