using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Identity.Core.Tests.Support;

/// <summary>
/// Stands in for the authentication handlers: where the server would write the session cookie, this keeps the
/// principal, so a test can see whether a session was started and with which claims.
/// </summary>
internal sealed class SessionRecorder : IAuthenticationService
{
    private readonly List<ClaimsPrincipal> _started = [];

    public IReadOnlyList<ClaimsPrincipal> Started => _started;

    /// <summary>Makes the next sign-in throw, as a failing cookie or session store would.</summary>
    public bool FailNextSignIn { get; set; }

    public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties)
    {
        if (FailNextSignIn)
        {
            FailNextSignIn = false;
            throw new InvalidOperationException("The session could not be stored.");
        }
        _started.Add(principal);
        return Task.CompletedTask;
    }

    public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Task.CompletedTask;

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) => Task.FromResult(AuthenticateResult.NoResult());

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();

    public void Clear() => _started.Clear();
}
