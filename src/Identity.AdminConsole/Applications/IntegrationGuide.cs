using Identity.Core.Applications;

namespace Identity.AdminConsole.Applications;

/// <summary>The values an application is configured with, as they go into its integration guide.</summary>
/// <param name="Endpoint">The server's base address as the browser sees it (what Logto's SDKs call the endpoint).</param>
/// <param name="Issuer">The OpenID Connect issuer, <c>{Endpoint}/oidc</c>.</param>
/// <param name="Secret">The secret in clear, only right after creation or rotation; otherwise null.</param>
/// <param name="RedirectUri">The first registered redirect URI, or null.</param>
public sealed record GuideValues(string Endpoint, string Issuer, string AppId, ApplicationType Type, string? Secret, string? RedirectUri)
{
    /// <summary>Stands for the secret in a guide shown without it.</summary>
    public const string SecretPlaceholder = "<your app secret>";

    public string SecretOrPlaceholder => Secret ?? SecretPlaceholder;

    public string RedirectOr(string example) => RedirectUri ?? example;
}

/// <summary>The short code that connects an app of the chosen framework to this server, with its values filled in.</summary>
public static class IntegrationGuide
{
    public static string Snippet(Framework framework, GuideValues values) => framework.Key switch
    {
        "flask" => Flask(values, framework),
        "aspnetcore" => AspNetCore(values, framework),
        "express" => Express(values, framework),
        "react" => React(values, framework),
        _ when framework.Type == ApplicationType.MachineToMachine => ClientCredentials(values),
        _ => Generic(values, framework),
    };

    private static string Flask(GuideValues v, Framework f) => $$"""
        # pip install logto flask
        from logto import LogtoClient, LogtoConfig

        client = LogtoClient(
            LogtoConfig(
                endpoint="{{v.Endpoint}}",
                appId="{{v.AppId}}",
                appSecret="{{v.SecretOrPlaceholder}}",
            )
        )

        @app.route("/sign-in")
        async def sign_in():
            return redirect(await client.signIn(redirectUri="{{v.RedirectOr(f.RedirectExample)}}"))

        @app.route("/callback")
        async def callback():
            await client.handleSignInCallback(request.url)
            return redirect("/")
        """;

    private static string AspNetCore(GuideValues v, Framework f)
    {
        var callbackPath = Uri.TryCreate(v.RedirectOr(f.RedirectExample), UriKind.Absolute, out var redirect) ? redirect.AbsolutePath : "/signin-oidc";
        return $$"""
            // dotnet add package Microsoft.AspNetCore.Authentication.OpenIdConnect
            builder.Services
                .AddAuthentication(options =>
                {
                    options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                    options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
                })
                .AddCookie()
                .AddOpenIdConnect(options =>
                {
                    options.Authority = "{{v.Issuer}}";
                    options.ClientId = "{{v.AppId}}";
                    options.ClientSecret = "{{v.SecretOrPlaceholder}}";
                    options.ResponseType = OpenIdConnectResponseType.Code;
                    options.UsePkce = true;
                    options.CallbackPath = "{{callbackPath}}";
                    options.Scope.Add("profile");
                    options.MapInboundClaims = false;
                });
            """;
    }

    private static string Express(GuideValues v, Framework f)
    {
        var baseUrl = Uri.TryCreate(v.RedirectOr(f.RedirectExample), UriKind.Absolute, out var redirect)
            ? redirect.GetLeftPart(UriPartial.Authority) : "http://localhost:3000";
        return $$"""
            // npm install @logto/express cookie-parser express-session
            import { handleAuthRoutes, withLogto } from '@logto/express';

            const config = {
              endpoint: '{{v.Endpoint}}',
              appId: '{{v.AppId}}',
              appSecret: '{{v.SecretOrPlaceholder}}',
              baseUrl: '{{baseUrl}}', // the SDK's redirect URI is {baseUrl}/logto/sign-in-callback
            };

            app.use(handleAuthRoutes(config));
            app.get('/', withLogto(config), (request, response) => {
              response.send(request.user.isAuthenticated ? 'Signed in' : 'Signed out');
            });
            """;
    }

    private static string React(GuideValues v, Framework f) => $$"""
        // npm install @logto/react
        import { LogtoProvider, type LogtoConfig } from '@logto/react';

        const config: LogtoConfig = {
          endpoint: '{{v.Endpoint}}',
          appId: '{{v.AppId}}',
        };

        const App = () => (
          <LogtoProvider config={config}>
            <Content />
          </LogtoProvider>
        );

        // In a component: const { signIn } = useLogto();
        // signIn('{{v.RedirectOr(f.RedirectExample)}}');
        """;

    private static string Generic(GuideValues v, Framework f)
    {
        var secret = v.Type.IsConfidential() ? $"\nclient_secret:  {v.SecretOrPlaceholder}" : "\nPKCE:           required (S256), no client secret";
        return $"""
            issuer:         {v.Issuer}
            discovery:      {v.Issuer}/.well-known/openid-configuration
            client_id:      {v.AppId}{secret}
            response_type:  code
            scope:          openid profile offline_access
            redirect_uri:   {v.RedirectOr(f.RedirectExample)}
            """;
    }

    private static string ClientCredentials(GuideValues v) => $"""
        curl -X POST "{v.Issuer}/token" \
          -u "{v.AppId}:{v.SecretOrPlaceholder}" \
          -d grant_type=client_credentials \
          -d resource=https://api.example.com
        """;
}
