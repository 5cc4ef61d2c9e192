// The tutorial's Flask app, in C#: a relying party that signs users in with Identity through a standard OpenID Connect
// client (ASP.NET Core's handler). Routes: /, /sign-in, /sign-up, /callback (the handler's), /sign-out, and /books,
// which calls samples/Bookstore.Api with an access token issued for that API (Logto's "Protect your API").
using System.Net;
using System.Security.Claims;
using Bookstore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

var builder = WebApplication.CreateBuilder(args);
var identity = builder.Configuration.GetSection("Identity");

builder.Services.AddAuthentication(options =>
    {
        options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
    })
    .AddCookie()
    .AddOpenIdConnect(options =>
    {
        options.Authority = identity["Authority"];
        options.ClientId = identity["ClientId"];
        options.ClientSecret = identity["ClientSecret"];
        options.ResponseType = "code";
        options.UsePkce = true;
        options.CallbackPath = "/callback";
        options.SignedOutCallbackPath = "/signed-out";
        options.SignedOutRedirectUri = "/";
        options.SaveTokens = true;
        options.GetClaimsFromUserInfoEndpoint = true;
        options.MapInboundClaims = false;
        options.TokenValidationParameters.NameClaimType = "name";
        options.Scope.Add("offline_access");

        // Protect your API: ask for the API resource and its scopes at sign-in; /books then gets a token for it.
        if (identity["Resource"] is { Length: > 0 } resource)
        {
            foreach (var scope in (identity["ResourceScopes"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                options.Scope.Add(scope);
            }
        }

        // The identity provider runs on plain http on localhost in the tutorial; anywhere else it must be https.
        options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();

        // Like the tutorial's interactionMode="signUp": ask the hosted pages to open the sign-up form first.
        options.Events.OnRedirectToIdentityProvider = context =>
        {
            if (context.Properties.Items.TryGetValue("interaction_mode", out var mode) && mode is not null)
            {
                context.ProtocolMessage.SetParameter("interaction_mode", mode);
            }
            if (identity["Resource"] is { Length: > 0 } resource)
            {
                context.ProtocolMessage.Resource = resource;
            }
            return Task.CompletedTask;
        };
    });
builder.Services.AddAuthorization();
builder.Services.AddHttpClient<BooksApi>();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/", (HttpContext context) => Results.Content(Page(context.User), "text/html; charset=utf-8"));

app.MapGet("/sign-in", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }));

app.MapGet("/sign-up", () =>
{
    var properties = new AuthenticationProperties { RedirectUri = "/" };
    properties.Items["interaction_mode"] = "signUp";
    return Results.Challenge(properties);
});

app.MapGet("/books", async (HttpContext context, BooksApi api) =>
    context.User.Identity?.IsAuthenticated != true
        ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/books" })
        : Results.Content(Shell("Books", await api.ListAsync(context)), "text/html; charset=utf-8"));

app.MapGet("/sign-out", () => Results.SignOut(
    new AuthenticationProperties { RedirectUri = "/" },
    [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));

app.Run();

static string Page(ClaimsPrincipal user)
{
    var body = user.Identity?.IsAuthenticated == true
        ? $"<h1>Authenticated</h1><p>Signed in as <strong>{WebUtility.HtmlEncode(user.FindFirstValue("name") ?? user.FindFirstValue("username") ?? user.FindFirstValue("sub"))}</strong>.</p><p><a href=\"/books\">Books</a> · <a href=\"/sign-out\">Sign out</a></p>"
        : "<h1>Not authenticated</h1><p><a href=\"/sign-in\">Sign in</a> · <a href=\"/sign-up\">Sign up</a></p>";
    return Shell("Bookstore", body);
}

static string Shell(string title, string body) =>
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<title>{WebUtility.HtmlEncode(title)}</title>" +
        "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;overflow-wrap:anywhere}</style>" +
        $"</head><body>{body}</body></html>";
