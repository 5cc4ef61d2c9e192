// The API behind the Bookstore (Logto's "Protect your API"): it accepts only access tokens that Identity issued for it,
// checked by ASP.NET Core's standard JwtBearer handler against the issuer's discovery document and JWKS (signature,
// issuer, lifetime) with this API's resource indicator as the only accepted audience, and each route asks for a scope.
//   GET  /books    read:books   (200 with the books; 401 without a token or with one for another API; 403 without the scope)
//   POST /books    write:books
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;

var builder = WebApplication.CreateBuilder(args);
var identity = builder.Configuration.GetSection("Identity");

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer(options =>
    {
        options.Authority = identity["Authority"];
        options.Audience = identity["Audience"];
        options.MapInboundClaims = false;
        // RFC 9068 access tokens only: an ID token (typ JWT) signed by the same keys is not a key to this API.
        options.TokenValidationParameters.ValidTypes = ["at+jwt"];
        // The identity provider runs on plain http on localhost in the tutorial; anywhere else it must be https.
        options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
    });

builder.Services.AddAuthorizationBuilder()
    .AddPolicy("read:books", policy => policy.RequireAuthenticatedUser().RequireAssertion(context => HasScope(context.User, "read:books")))
    .AddPolicy("write:books", policy => policy.RequireAuthenticatedUser().RequireAssertion(context => HasScope(context.User, "write:books")));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

string[] books = ["The Left Hand of Darkness", "A Wizard of Earthsea", "The Dispossessed"];

app.MapGet("/books", (ClaimsPrincipal user) => Results.Ok(new { books, reader = user.FindFirstValue("sub") }))
    .RequireAuthorization("read:books");

app.MapPost("/books", () => Results.Created("/books", new { added = true }))
    .RequireAuthorization("write:books");

app.Run();

// The token's "scope" claim is one space-separated string (RFC 9068 2.2.3).
static bool HasScope(ClaimsPrincipal user, string scope) =>
    user.FindAll("scope").SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(scope, StringComparer.Ordinal);
