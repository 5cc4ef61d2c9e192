using System.Text;

namespace Identity.Server.Tests.Fuzzing;

/// <summary>
/// Malformed request parts from a seeded generator, so a failing run can be replayed with the same seed: bad
/// percent-encodings, invalid UTF-8, control characters, huge values, duplicated and empty parameter names.
/// </summary>
public sealed class FuzzInput(int seed)
{
    private static readonly string[] BadEscapes =
    [
        "%", "%2", "%zz", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "%FF%FE", "%00", "%0A%0D", "%25%", "%u0041", "%C0%AF", "%E2%80%AE",
    ];

    private static readonly string[] Words =
    [
        "", " ", "code", "openid", "none", "null", "[]", "{}", "-1", "0", "9999999999999999999999", "true", "NaN", "\u2028",
        "javascript:alert(1)", "http://evil.example.test/", "../../etc/passwd", "<script>", "' OR 1=1 --", "😀", "\uFFFD",
    ];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public bool Chance(int percent) => _random.Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A value as it would appear in a query string or form body (already "encoded", often badly).</summary>
    public string RawValue() => Next(10) switch
    {
        0 => Pick(BadEscapes),
        1 => Uri.EscapeDataString(Pick(Words)),
        2 => new string('A', Pick([256, 4_096, 100_000])),
        3 => Uri.EscapeDataString(ControlCharacters()),
        4 => string.Concat(Enumerable.Range(0, 1 + Next(5)).Select(_ => Pick(BadEscapes))),
        5 => Uri.EscapeDataString(UnicodeNoise()),
        6 => "%" + new string('9', Next(20)),
        _ => Uri.EscapeDataString(Pick(Words)) + Pick(BadEscapes),
    };

    /// <summary>A parameter name: usually a real one, sometimes empty or malformed.</summary>
    public string RawName(IReadOnlyList<string> known) => Next(8) switch
    {
        0 => "",
        1 => Pick(BadEscapes),
        2 => Uri.EscapeDataString(ControlCharacters()),
        3 => new string('n', Pick([100, 5_000])),
        _ => Pick(known),
    };

    /// <summary>
    /// A query string or form body: the valid base parameters (so requests get past the first checks) mixed with
    /// duplicates, removals and malformed extras.
    /// </summary>
    public string RawParameters(IReadOnlyList<KeyValuePair<string, string>> baseline, IReadOnlyList<string> known)
    {
        var parts = new List<string>();
        foreach (var (name, value) in baseline)
        {
            if (Chance(15)) continue;
            parts.Add(Chance(20) ? $"{name}={RawValue()}" : $"{name}={Uri.EscapeDataString(value)}");
            if (Chance(15)) parts.Add($"{name}={(Chance(50) ? Uri.EscapeDataString(value) : RawValue())}");
        }
        for (var i = Next(4); i > 0; i--)
        {
            parts.Add(Next(6) switch
            {
                0 => RawName(known),
                1 => "=",
                2 => "&",
                _ => $"{RawName(known)}={RawValue()}",
            });
        }
        return string.Join('&', parts.OrderBy(_ => Next(1000)));
    }

    /// <summary>
    /// A JSON body that can never be accepted: a syntax or type error, too deep, not an object, or not UTF-8.
    /// <paramref name="typedFields"/> are fields that take neither strings, numbers nor arrays (booleans, objects, dates).
    /// </summary>
    public byte[] PoisonedJson(IReadOnlyList<string> stringFields, IReadOnlyList<string> typedFields)
    {
        var noise = string.Join(",", Enumerable.Range(0, Next(4)).Select(_ => JsonNoiseMember(stringFields)));
        var prefix = noise.Length > 0 ? noise + "," : "";
        switch (Next(9))
        {
            case 0: return Encoding.UTF8.GetBytes($"{{{prefix}\"{Pick(stringFields)}\":{Pick(["1", "[]", "{}", "true", "1.5e308", "[\"a\"]"])}}}");
            case 1: return Encoding.UTF8.GetBytes($"{{{prefix}\"{Pick(typedFields)}\":{Pick(["\"yes\"", "1", "[]", "\"\""])}}}");
            case 2: return Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000));
            case 3: return Encoding.UTF8.GetBytes("{" + string.Concat(Enumerable.Repeat("\"a\":{", 200)) + "}" + new string('}', 200));
            case 4: return Encoding.UTF8.GetBytes(Pick(["[]", "\"text\"", "42", "null", "true", "[{}]"]));
            case 5: return [.. Encoding.UTF8.GetBytes($"{{{prefix}\"{Pick(stringFields)}\":\""), 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8];
            case 6: return Encoding.UTF8.GetBytes($"{{{prefix}\"{Pick(stringFields)}\":\"{Pick(["\\ud800", "\\u00", "\\x41", "\\"])}\"}}");
            case 7: return Encoding.UTF8.GetBytes($"{{{prefix}\"{Pick(stringFields)}\":1,\"{Pick(stringFields)}\":\"dup\"}}");
            default: return Encoding.UTF8.GetBytes($"{{{prefix}\"{Pick(stringFields)}\":{{\"$ref\":\"#\"}},}}");
        }
    }

    private string JsonNoiseMember(IReadOnlyList<string> fields) => Next(6) switch
    {
        0 => $"\"{Pick(fields)}\":null",
        1 => $"\"{Pick(fields)}\":\"{new string('x', Pick([300, 100_000]))}\"",
        2 => $"\"\":\"{Next(10)}\"",
        3 => $"\"{Pick(fields)}\":\"{Pick(["\\u0000", "\\n\\r\\t", "\\u202e", "😀"])}\"",
        4 => $"\"unexpected{Next(10)}\":[1,{{\"a\":null}}]",
        _ => $"\"{Pick(fields)}\":\"{Pick(fields)}\"",
    };

    private string ControlCharacters() =>
        string.Concat(Enumerable.Range(0, 1 + Next(8)).Select(_ => (char)Next(32))) + Pick(Words);

    private string UnicodeNoise() => Next(3) switch
    {
        0 => "\u202Eevil\u202C",
        1 => new string('\u0301', 50),
        _ => "名前\u0000\uFEFF",
    };
}
