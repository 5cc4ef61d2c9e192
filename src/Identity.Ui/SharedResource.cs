namespace Identity.Ui;

/// <summary>
/// The hosted pages' strings. The English text is the key (ASP.NET Core's convention), so English needs no resource
/// file; <c>Resources/SharedResource.de.resx</c> holds German.
/// </summary>
public sealed class SharedResource;
