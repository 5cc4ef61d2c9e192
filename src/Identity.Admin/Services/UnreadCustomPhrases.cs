using Identity.Core.Phrases;

namespace Identity.Admin;

/// <summary>
/// The custom phrases for a host without hosted pages (the CLI): nothing is kept in memory, so nothing is read or
/// expected. The server replaces it with its snapshot; a change made here reaches the servers through the stamp.
/// </summary>
internal sealed class UnreadCustomPhrases : ICustomPhrases
{
    public CustomPhraseSet Latest => CustomPhraseSet.Empty;

    public ValueTask<CustomPhraseSet> CurrentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(CustomPhraseSet.Empty);

    public void Expect(string stamp)
    {
    }
}
