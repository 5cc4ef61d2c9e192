using Identity.Core.Social;

namespace Identity.Ui.Pages;

/// <summary>What the <c>_SocialButtons</c> partial renders.</summary>
public sealed record SocialButtonsViewModel(IReadOnlyList<SocialButton> Buttons, string? ReturnUrl, bool BelowAForm = true);
