namespace Identity.AdminConsole.Applications;

/// <summary>What the integration guide partial shows: a framework's setup with one app's values.</summary>
public sealed record Guide(Framework Framework, GuideValues Values)
{
    public string Snippet => IntegrationGuide.Snippet(Framework, Values);
}
