using Identity.Core.Social;

namespace Identity.Ui.Pages;

/// <summary>What the <c>_SocialButtons</c> partial renders.</summary>
/// <param name="Inert">The console's preview: the same buttons, disabled and in no form, so nothing can start a sign-in.</param>
public sealed record SocialButtonsViewModel(IReadOnlyList<SocialButton> Buttons, string? ReturnUrl, bool BelowAForm = true, bool Inert = false);
