using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Identity.Server.Security;

/// <summary>
/// Every size limit on incoming requests, in one place. Over a limit the request is refused with a 4xx and a message
/// saying which limit (see <see cref="FormReadingGate"/> and the Management API's <c>RequestBody</c>), never a 500.
/// </summary>
public static class RequestLimits
{
    /// <summary>
    /// Kestrel's default (414 above it). A GET authorization request, and every redirect the server builds for the
    /// browser to follow, must fit in it: redirects are capped at <see cref="Identity.Core.Interaction.HostedPages.MaxRedirectLength"/>.
    /// </summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>Kestrel's default (431 above it): room for cookies and a bearer token, not for abuse.</summary>
    public const int MaxRequestHeadersBytes = 32 * 1024;

    public const int MaxRequestHeaderCount = 100;

    /// <summary>
    /// The largest body anything accepts: the Management API's JSON (seed-shaped objects, one at a time; a whole seed
    /// file is applied from disk, not through the API), whose limit the API sets. Kestrel answers 413 above it.
    /// </summary>
    public const long MaxJsonBodyBytes = Identity.Admin.ManagementApi.RequestBody.MaxBodyBytes;

    /// <summary>
    /// Forms (hosted pages, OIDC endpoints): a sign-in form or a token request is well under 4 KiB; the slack is for
    /// long id_token_hint or client_assertion values.
    /// </summary>
    public const long MaxFormBodyBytes = 64 * 1024;

    /// <summary>No endpoint reads more than a dozen fields.</summary>
    public const int MaxFormValueCount = 100;

    /// <summary>Parameter names are short words.</summary>
    public const int MaxFormKeyLength = 256;

    /// <summary>One value: a JWT hint or assertion fits; a password is capped lower again by the password policy (256).</summary>
    public const int MaxFormValueLength = 16 * 1024;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(options =>
        {
            options.Limits.MaxRequestLineSize = MaxRequestLineBytes;
            options.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
            options.Limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
            options.Limits.MaxRequestBodySize = MaxJsonBodyBytes;
        });

        builder.Services.Configure<FormOptions>(options =>
        {
            options.ValueCountLimit = MaxFormValueCount;
            options.KeyLengthLimit = MaxFormKeyLength;
            options.ValueLengthLimit = MaxFormValueLength;
            options.MultipartBodyLengthLimit = MaxFormBodyBytes;
            options.BufferBodyLengthLimit = MaxFormBodyBytes;
        });
        return builder;
    }
}
