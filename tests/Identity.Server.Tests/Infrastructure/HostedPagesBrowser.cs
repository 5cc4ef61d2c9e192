using Duende.IdentityModel.OidcClient.Browser;

namespace Identity.Server.Tests.Infrastructure;

/// <summary>
/// The "browser" an OpenID Connect client library opens: it follows the authorization request to the hosted pages,
/// fills them in as the user would (via <paramref name="actAsUser"/>) and hands back the URL the app was sent to.
/// </summary>
public sealed class HostedPagesBrowser(BrowserSession session, Func<BrowserSession, PageResult, Task<PageResult>> actAsUser) : IBrowser
{
    public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
    {
        var result = await session.GoAsync(options.StartUrl);
        if (result.LeftServerTo is null)
        {
            result = await actAsUser(session, result);
        }

        return result.LeftServerTo is { } landing && landing.AbsoluteUri.StartsWith(options.EndUrl, StringComparison.Ordinal)
            ? new BrowserResult { ResultType = BrowserResultType.Success, Response = landing.AbsoluteUri }
            : new BrowserResult { ResultType = BrowserResultType.UnknownError, Error = $"Ended on {result.Url} ({result.Status}): {result.Alert}" };
    }
}
