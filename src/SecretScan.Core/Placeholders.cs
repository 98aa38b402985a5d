using System.Text.RegularExpressions;

namespace SecretScan.Core;

/// <summary>
/// Values that look like a credential's slot rather than a credential: template variables, documented example
/// keys, masks and low-variety strings. Checked on every candidate secret, whatever its rule, because these are
/// the bulk of what makes scanners noisy in docs, samples and test data.
/// </summary>
public static partial class Placeholders
{
    private static readonly string[] Markers =
    [
        "xxxx", "example", "your_", "your-", "yourkey", "your_api", "placeholder", "changeme", "change_me", "change-me",
        "dummy", "redacted", "****", "...", "…", "replace_me", "replaceme", "insert_", "_here", "-here", "fake", "sample",
        "notreal", "not_real", "not-a-real",
    ];

    // Template syntax, matched as a whole construct: single characters such as '<' or '{{' turn up by chance in
    // random punctuation-rich secrets (WordPress salts), a complete ${NAME} or <your token> does not.
    [GeneratedRegex(@"\$\{[A-Za-z_][\w.:]*(?::?[-=?][^}]*)?\}|\{\{[\s\w.|'""()-]*\}\}|\{%[\s\w.|'""()-]*%\}|%\([A-Za-z_]\w*\)[sd]|<[A-Za-z][\w .-]*>|\$\([A-Za-z_][\w.]*\)|^\$[A-Za-z_]\w*$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Template();

    // Keys that providers print in their own documentation; real accounts can never have them.
    private static readonly string[] DocumentedKeys =
    [
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "pk_test_TYooMQauvdEDq54NiTphI7jx",
        // Azurite / Azure Storage Emulator's account key, the same in every installation.
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    ];

    public static bool IsPlaceholder(string secret)
    {
        // Multi-line structured secrets (PEM bodies) and long tokens are mostly random base64, where a short marker
        // such as "fake" or a run such as AAAAAA turns up by chance: only unmistakable template syntax counts there.
        if (secret.Contains('\n') || secret.Length > 200)
            return Template().IsMatch(secret) || secret.Contains("...", StringComparison.Ordinal) || secret.Contains('…')
                || secret.Contains("xxxxxxxx", StringComparison.OrdinalIgnoreCase);
        foreach (string marker in Markers)
            if (secret.Contains(marker, StringComparison.OrdinalIgnoreCase)) return true;
        if (Template().IsMatch(secret)) return true;
        foreach (string key in DocumentedKeys)
            if (secret.Contains(key, StringComparison.Ordinal)) return true;
        return HasLongRun(secret) || IsSequence(secret) || DistinctChars(secret) <= Math.Min(4, secret.Length / 3);
    }

    private static bool HasLongRun(string s)
    {
        int run = 1;
        for (int i = 1; i < s.Length; i++)
        {
            run = s[i] == s[i - 1] ? run + 1 : 1;
            if (run >= 6 && char.IsLetterOrDigit(s[i])) return true;
        }
        return false;
    }

    private static bool IsSequence(string s)
    {
        foreach (string seq in (ReadOnlySpan<string>)["0123456789", "123456789", "abcdefghij", "ABCDEFGHIJ", "qwertyuiop", "1234567890"])
            if (s.Contains(seq[..8], StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static int DistinctChars(string s) => s.Distinct().Count();
}
