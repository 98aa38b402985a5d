using System.Text;

namespace SecretScan.Doctor;

/// <summary>What an environment variable's name says: its words, whether it names a credential, and which names are near misses of it.</summary>
public static class VariableNames
{
    private static readonly HashSet<string> CredentialWords = new(StringComparer.Ordinal)
    {
        "key", "apikey", "token", "secret", "password", "passwd", "pwd", "pass", "credential", "credentials", "auth", "pat", "dsn",
    };

    // Words that make a name about a credential's surroundings, not the credential: a URL, a file path, a switch.
    private static readonly HashSet<string> NotCredentialEndings = new(StringComparer.Ordinal)
    {
        "url", "uri", "host", "hostname", "port", "path", "file", "dir", "region", "endpoint", "enabled", "timeout", "expiry", "expires", "ttl", "type", "name", "header", "len", "length",
    };

    // Public by design: a publishable key belongs in a browser bundle.
    private static readonly HashSet<string> PublicWords = new(StringComparer.Ordinal) { "publishable", "public" };

    /// <summary><c>OPENAI_API_KEY</c> → openai, api, key; <c>openAiKey</c> → open, ai, key.</summary>
    public static IReadOnlyList<string> Words(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (!char.IsLetterOrDigit(c)) { Flush(); continue; }
            bool camelBreak = char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]);
            if (camelBreak) Flush();
            current.Append(char.ToLowerInvariant(c));
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }

    public static bool LooksLikeCredential(string name)
    {
        var words = Words(name);
        if (words.Count == 0 || words.Any(PublicWords.Contains)) return false;
        if (NotCredentialEndings.Contains(words[^1])) return false;
        return words.Any(w => CredentialWords.Contains(w) || w.EndsWith("apikey", StringComparison.Ordinal) || w.EndsWith("token", StringComparison.Ordinal) && w.Length > 5);
    }

    /// <summary>
    /// A comparable form: words joined, "api" dropped and token/secret read as key, so that <c>OPEN_AI_KEY</c>,
    /// <c>OPENAI_KEY</c> and <c>OPENAI_API_KEY</c> meet.
    /// </summary>
    public static string Normalized(string name) =>
        string.Concat(Words(name).Where(w => w != "api").Select(w => w is "token" or "secret" or "apikey" ? "key" : w));

    /// <summary>Whether <paramref name="defined"/> is probably a misspelling of <paramref name="expected"/> (never the same name).</summary>
    public static bool IsNearMiss(string expected, string defined)
    {
        if (string.Equals(expected, defined, StringComparison.Ordinal)) return false;
        // The same name in another case is the classic Windows-vs-Linux surprise: environment names are case-sensitive on Unix.
        if (string.Equals(expected, defined, StringComparison.OrdinalIgnoreCase)) return true;
        string a = Normalized(expected), b = Normalized(defined);
        if (a.Length < 4 || b.Length < 4) return false;
        if (a == b) return true;
        int limit = Math.Min(a.Length, b.Length) >= 10 ? 2 : 1;
        return Math.Abs(a.Length - b.Length) <= limit && EditDistance(a, b) <= limit;
    }

    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>The provider part of a name: <c>OPENAI_API_KEY</c> → <c>OPENAI</c> (the name up to its first credential or filler word).</summary>
    public static string Prefix(string name)
    {
        string[] parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        int end = 0;
        while (end < parts.Length && !CredentialWords.Contains(parts[end].ToLowerInvariant()) && parts[end].ToLowerInvariant() is not ("api" or "access" or "secret"))
            end++;
        return end == 0 ? "" : string.Join('_', parts[..end]);
    }
}
