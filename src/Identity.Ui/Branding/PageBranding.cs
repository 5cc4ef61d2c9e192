using System.Text.RegularExpressions;
using Identity.Core.SignInExperience;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Identity.Ui.Branding;

/// <summary>What the layout shows of the sign-in experience's branding.</summary>
/// <param name="AppName">Beside the logo, the logo's alternative text, and in the window title.</param>
/// <param name="Logo">The logo's <c>src</c> (for the scheme the page is forced into, if it is), or null for the built-in mark.</param>
/// <param name="DarkLogo">A <c>&lt;source&gt;</c> for browsers preferring dark, when the scheme follows the browser.</param>
/// <param name="Theme">The <c>data-theme</c> of <c>&lt;html&gt;</c>: <c>light</c> or <c>dark</c> when forced, else <c>auto</c>.</param>
public sealed partial record PageBranding(string AppName, string? Logo, string? DarkLogo, string Theme, string? TermsOfUseUrl, string? PrivacyPolicyUrl)
{
    public static PageBranding From(SignInBranding branding) => branding.EffectiveColorScheme switch
    {
        ColorScheme.Light => new(branding.AppName, branding.LogoUrl ?? branding.DarkLogoUrl, null, "light", branding.TermsOfUseUrl, branding.PrivacyPolicyUrl),
        ColorScheme.Dark => new(branding.AppName, branding.DarkLogoUrl ?? branding.LogoUrl, null, "dark", branding.TermsOfUseUrl, branding.PrivacyPolicyUrl),
        _ => new(branding.AppName, branding.LogoUrl ?? branding.DarkLogoUrl, branding.LogoUrl is null ? null : branding.DarkLogoUrl, "auto",
            branding.TermsOfUseUrl, branding.PrivacyPolicyUrl),
    };

    /// <summary>
    /// Whether this page signs someone up and so carries the terms line: the register page while it offers a way to sign
    /// up, and the social "choose a username" step that creates the account.
    /// </summary>
    public bool ShowsTermsOn(object? pageModel) => (TermsOfUseUrl is not null || PrivacyPolicyUrl is not null) && pageModel switch
    {
        Pages.Register.IndexModel register => register.RegistrationOpen || register.SocialButtons.Count > 0,
        Pages.Social.UsernameModel username => username.HasPendingAttempt,
        _ => false,
    };

    /// <summary>"By creating an account you agree to the Terms of use and Privacy policy", with the links that are set, translated.</summary>
    public IHtmlContent TermsLine(IStringLocalizer localizer)
    {
        var newTab = localizer["(opens in a new tab)"].Value;
        IHtmlContent Link(string url, string text)
        {
            var link = new TagBuilder("a");
            link.Attributes["href"] = url;
            link.Attributes["target"] = "_blank";
            link.Attributes["rel"] = "noopener noreferrer";
            link.InnerHtml.Append(text);
            var hint = new TagBuilder("span");
            hint.AddCssClass("visually-hidden");
            hint.InnerHtml.Append(" " + newTab);
            link.InnerHtml.AppendHtml(hint);
            return link;
        }

        var terms = TermsOfUseUrl is null ? null : Link(TermsOfUseUrl, localizer["Terms of use"].Value);
        var privacy = PrivacyPolicyUrl is null ? null : Link(PrivacyPolicyUrl, localizer["Privacy policy"].Value);
        return (terms, privacy) switch
        {
            ({ } t, { } p) => Format(localizer["By creating an account you agree to the {0} and {1}."].Value, t, p),
            ({ } t, null) => Format(localizer["By creating an account you agree to the {0}."].Value, t),
            (null, { } p) => Format(localizer["By creating an account you accept the {0}."].Value, p),
            _ => HtmlString.Empty,
        };
    }

    // string.Format for HTML: the translated text is encoded, the placeholders take the links as they are.
    private static HtmlContentBuilder Format(string format, params IHtmlContent[] arguments)
    {
        var html = new HtmlContentBuilder();
        var at = 0;
        foreach (Match placeholder in Placeholder().Matches(format))
        {
            html.Append(format[at..placeholder.Index]);
            html.AppendHtml(arguments[int.Parse(placeholder.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture)]);
            at = placeholder.Index + placeholder.Length;
        }
        html.Append(format[at..]);
        return html;
    }

    [GeneratedRegex(@"\{(\d)\}")]
    private static partial Regex Placeholder();
}
