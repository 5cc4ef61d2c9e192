namespace Identity.AdminConsole;

/// <summary>The console's localized texts (Resources/ConsoleText.*.resx; the keys are the English texts).</summary>
public sealed class ConsoleText;
