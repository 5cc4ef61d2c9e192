using Identity.Core.Accounts;
using Identity.Core.Social;
using Identity.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Core.Tests.Support;

/// <summary>One service scope, as one HTTP request: its own DbContext, its own sign-in experience read, its own HttpContext.</summary>
internal sealed class Request : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;

    public Request(AsyncServiceScope scope)
    {
        _scope = scope;
        // The sign-in manager writes the session through an HttpContext: a bare one, whose services are this scope's.
        Get<SignInManager<UserAccount>>().Context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
    }

    public AccountService Accounts => Get<AccountService>();

    public SocialSignInService Social => Get<SocialSignInService>();

    public SocialAttemptStore Attempts => Get<SocialAttemptStore>();

    public IdentityDataContext Data => Get<IdentityDataContext>();

    public T Get<T>()
        where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _scope.DisposeAsync();
}
