namespace Identity.Core.Tests.Support;

/// <summary>
/// What a started social sign-in left with its two parties: <paramref name="State"/> went upstream (and comes back on
/// the callback), <paramref name="BrowserNonce"/> went into this browser's attempt cookie.
/// </summary>
internal sealed record BrowserAttempt(string State, string BrowserNonce);
