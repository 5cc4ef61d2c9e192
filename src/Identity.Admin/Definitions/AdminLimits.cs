using Identity.Core;

namespace Identity.Admin.Definitions;

/// <summary>
/// The bounds of what admins may store, in one place. <see cref="DefinitionValidator"/> enforces them for every admin door
/// alike (seed file, Management API, CLI), each error naming the field and the bound. They are far above any real
/// configuration and keep one mistaken or hostile request from filling the database, every token request's redirect
/// URI check and every page.
/// </summary>
public static class AdminLimits
{
    /// <summary>Ids, client ids and connector targets (the database columns are this wide).</summary>
    public const int MaxIdLength = StoredLengths.Id;

    /// <summary>Application and connector names, and the sign-in experience's app name (the columns are this wide).</summary>
    public const int MaxNameLength = StoredLengths.Name;

    /// <summary>Any URL or URI: redirect URIs, connector endpoints and logos, branding links.</summary>
    public const int MaxUriLength = StoredLengths.Uri;

    /// <summary>Redirect URIs, and post-logout redirect URIs, per application.</summary>
    public const int MaxUris = 100;

    /// <summary>Extra scopes per application.</summary>
    public const int MaxScopes = 100;

    /// <summary>One scope.</summary>
    public const int MaxScopeLength = 128;

    /// <summary>An application secret chosen by an admin (generated ones are 43 characters).</summary>
    public const int MaxSecretLength = 512;

    /// <summary>A connector's configuration, as JSON text.</summary>
    public const int MaxConnectorConfigLength = 16 * 1024;

    /// <summary>One custom phrase's text (the longest built-in phrase is about 130 characters).</summary>
    public const int MaxPhraseLength = 1000;
}
