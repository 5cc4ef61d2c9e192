using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.OAuth2;

/// <summary>
/// One configured generic OAuth 2.0 connector: builds the authorization URL and turns the callback into a profile
/// (code exchange, user info, profile mapping), behaving like Logto's "OAuth 2.0" connector.
/// </summary>
public sealed class OAuth2Connector : ISocialConnector
{
    /// <summary>Per-request timeout of the code exchange (Logto's token call uses 10 s).</summary>
    public static readonly TimeSpan TokenRequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Per-request timeout of the user info call (Logto uses 5 s).</summary>
    public static readonly TimeSpan UserInfoRequestTimeout = TimeSpan.FromSeconds(5);

    private readonly OAuth2ConnectorConfig _config;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a connector; <see cref="OAuth2ConnectorFactory.Create"/> is the usual way.</summary>
    /// <param name="config">A configuration accepted by <see cref="OAuth2ConnectorFactory.ValidateConfig"/>.</param>
    /// <param name="httpClientFactory">Provides the <see cref="OAuth2ConnectorFactory.HttpClientName"/> client.</param>
    /// <param name="timeProvider">The clock for the per-request timeouts; the system clock when null.</param>
    public OAuth2Connector(OAuth2ConnectorConfig config, IHttpClientFactory httpClientFactory, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _config = config;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public bool UsesPkce => _config.UsePkce;

    /// <inheritdoc />
    /// <remarks>Use the result's <see cref="Uri.AbsoluteUri"/> as the redirect target; <see cref="Uri.ToString"/> unescapes.</remarks>
    public Uri BuildAuthorizationUri(AuthorizationRequest request) => AuthorizationUriBuilder.Build(_config, request);

    /// <inheritdoc />
    /// <exception cref="ConnectorException">Any failure, with a message naming the step and the field.</exception>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<SocialProfile> GetProfileAsync(CallbackContext callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);

        // Quoted upstream text is scrubbed of every value that must stay private, should a provider echo one back; the
        // code and the tokens join the list as they become known. The secret is also known in its Basic header spellings,
        // which a provider echoing its request would show (UpstreamText also blanks any Authorization value it sees).
        List<string?> secrets = [_config.ClientSecret, callback.CodeVerifier, .. TokenRequestBuilder.CredentialSpellings(_config)];

        // 1–2. The provider's answer, once its issuer is checked: an error (access_denied is a cancel), or a code.
        var code = CallbackReader.ReadCode(callback.Parameters, _config.Issuer, secrets);

        // Created per call, not kept: the factory rotates handlers, so DNS changes are picked up.
        var client = _httpClientFactory.CreateClient(OAuth2ConnectorFactory.HttpClientName);

        // 3–4. Exchange the code; read the token response.
        TokenResponse token;
        using (var tokenRequest = TokenRequestBuilder.Build(_config, code, callback.RedirectUri, callback.CodeVerifier))
        {
            var (status, body) = await UpstreamHttp.SendAsync(
                client, tokenRequest, TokenRequestTimeout, _timeProvider, "token request", "token endpoint", cancellationToken).ConfigureAwait(false);
            token = TokenResponseParser.Parse(status, body, _config.TokenEndpointResponseType, secrets);
        }

        secrets.Add(token.AccessToken);
        secrets.Add(token.RefreshToken);

        // 5. Read the user info with the access token.
        JsonElement userInfo;
        using (var userInfoRequest = UserInfoReader.BuildRequest(_config.UserInfoEndpoint, token))
        {
            var (status, body) = await UpstreamHttp.SendAsync(
                client, userInfoRequest, UserInfoRequestTimeout, _timeProvider, "user info", "user info endpoint", cancellationToken).ConfigureAwait(false);
            userInfo = UserInfoReader.Parse(status, body, secrets);
        }

        // 6. Map it to the normalized profile.
        return ProfileMapper.Map(userInfo, _config.ProfileMap);
    }
}
