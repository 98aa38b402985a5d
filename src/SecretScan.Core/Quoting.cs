using System.Text.RegularExpressions;

namespace SecretScan.Core;

/// <summary>
/// How a message quotes something the user typed (an unknown key, a rule id, a pattern, an option value): such text
/// may be a secret pasted in the wrong place, and messages end up in CI logs. Identifier-like words are quoted whole
/// (a typo must stay recognisable); anything else only as a short masked prefix.
/// </summary>
public static partial class Quoting
{
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.Length <= 8 || (text.Length <= 48 && Identifier().IsMatch(text))) return text;
        string prefix = new([.. text.Take(Math.Min(4, text.Length / 4)).Select(c => char.IsControl(c) ? '?' : c)]);
        return $"{prefix}… ({text.Length} characters, masked)";
    }

    [GeneratedRegex(@"^[a-z]{1,16}(?:[_.-][a-z0-9]{1,16})*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
