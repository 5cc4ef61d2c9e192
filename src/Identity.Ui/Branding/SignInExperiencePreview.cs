using Identity.Core.SignInExperience;

namespace Identity.Ui.Branding;

/// <summary>
/// A draft sign-in experience shown for one request instead of the saved one: the Admin Console's live preview renders
/// the hosted pages' layout with it before anything is saved. Scoped, and set only by that preview page, so no other
/// request ever sees a draft.
/// </summary>
public sealed class SignInExperiencePreview
{
    /// <summary>The draft, or null on every ordinary request.</summary>
    public SignInExperienceSettings? Draft { get; private set; }

    /// <summary>Where the layout links the draft's colors and custom CSS from, instead of <c>/branding.css</c>.</summary>
    public string? StylesheetUrl { get; private set; }

    /// <summary>Whether the previewed page signs someone up, and so carries the terms line when links are set.</summary>
    public bool SignsUp { get; private set; }

    public void Show(SignInExperienceSettings draft, string stylesheetUrl, bool signsUp)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrEmpty(stylesheetUrl);
        (Draft, StylesheetUrl, SignsUp) = (draft, stylesheetUrl, signsUp);
    }
}
