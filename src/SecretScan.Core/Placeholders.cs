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
        return HasLongRun(secret) || IsSequence(secret) || DistinctChars(secret) <= Math.Min(4, secret.Length / 3)
            || IsMadeUp(secret);
    }

    // The words programmers type when they need any value at all (foo, bar, baz...) and keyboard walks (asdf,
    // qwer). A value made of nothing else is a test's stand-in (`mysql://foo:bar%2F@localhost`,
    // `redis://h:asdfqwer1234asdf@...`): a random secret is never spelled from them end to end.
    private static readonly string[] MadeUpWords =
    [
        "foo", "bar", "baz", "qux", "quux", "corge", "grault", "garply", "waldo", "fred", "plugh", "xyzzy", "thud",
        "asdf", "qwer", "qwerty", "zxcv", "hjkl", "uiop", "1234", "123", "abc",
    ];

    private static readonly string[] MadeUpByLength = [.. MadeUpWords.OrderByDescending(w => w.Length)];

    private static bool IsMadeUp(string secret)
    {
        int words = 0;
        for (int i = 0; i < secret.Length;)
        {
            // Percent escapes and punctuation carry no made-up-ness either way: `bar%2F` is `bar/`.
            if (secret[i] == '%' && i + 2 < secret.Length && char.IsAsciiHexDigit(secret[i + 1]) && char.IsAsciiHexDigit(secret[i + 2])) { i += 3; continue; }
            if (!char.IsAsciiLetterOrDigit(secret[i])) { i++; continue; }
            string? word = null;
            foreach (string w in MadeUpByLength)
                if (w.Length <= secret.Length - i && string.Compare(secret, i, w, 0, w.Length, StringComparison.OrdinalIgnoreCase) == 0) { word = w; break; }
            if (word is null) return false;
            words++;
            i += word.Length;
        }
        return words > 0;
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
