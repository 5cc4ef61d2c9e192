namespace Identity.Core.Phrases;

/// <summary>
/// The custom phrases of every language, kept in memory for the whole process (the sign-in page must not query the
/// database for each string). The host keeps it current: a change made on this instance applies at its next request
/// (<see cref="Expect"/>), one made on another instance within about a second.
/// </summary>
public interface ICustomPhrases
{
    /// <summary>The phrases as last read, without waiting: what the pages' localizer uses while it renders.</summary>
    CustomPhraseSet Latest { get; }

    /// <summary>
    /// The phrases, read first if none were read yet or a change made on this instance is not among them yet; each
    /// hosted-page request awaits this once before its language is chosen.
    /// </summary>
    ValueTask<CustomPhraseSet> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>A change made here wrote <paramref name="stamp"/>: the next <see cref="CurrentAsync"/> reads again until it shows.</summary>
    void Expect(string stamp);
}
