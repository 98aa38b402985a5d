using System.Text;
using System.Text.RegularExpressions;

namespace SecretScan.Doctor;

/// <summary>
/// One definition in a dotenv file, read two ways: as careful loaders read it (python-dotenv, Node's dotenv, Compose:
/// <c>export</c> and quotes removed, an unquoted value cut at <c> #</c>, CRLF understood) in <see cref="Value"/>, and
/// as a naive loader does (<c>docker run --env-file</c>, a hand-written <c>split('=')</c>, <c>source</c> of a CRLF
/// file), everything after the first <c>=</c>, in <see cref="NaiveValue"/>. Most "invalid key" puzzles are the gap between the two.
/// </summary>
public sealed record DotenvEntry(string File, int Line, string Name, string Value, string NaiveValue)
{
    public char? Quote { get; init; }
    public bool Export { get; init; }
    public bool CrLf { get; init; }
    public bool Unclosed { get; init; }
    public bool MultiLine { get; init; }
    /// <summary>The part after an unquoted value that careful loaders take for a comment.</summary>
    public string? Comment { get; init; }

    public string Where => $"{File}:{Line}";
}

public static partial class Dotenv
{
    [GeneratedRegex(@"^\s*(?<export>export\s+)?(?<name>[A-Za-z_][A-Za-z0-9_.-]*)\s*=(?<raw>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();

    /// <param name="file">The name reports use for the file (relative to the project).</param>
    public static List<DotenvEntry> Parse(string file, string text)
    {
        var entries = new List<DotenvEntry>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            bool crlf = line.EndsWith('\r');
            string clean = crlf ? line[..^1] : line;
            Match m = Assignment().Match(clean);
            if (!m.Success || clean.TrimStart().StartsWith('#')) continue;
            string raw = m.Groups["raw"].Value;
            string naive = raw + (crlf ? "\r" : "");
            string trimmed = raw.TrimStart();
            var entry = new DotenvEntry(file, i + 1, m.Groups["name"].Value, "", naive) { Export = m.Groups["export"].Success, CrLf = crlf };
            if (trimmed.Length > 0 && trimmed[0] is '"' or '\'' or '`')
            {
                char q = trimmed[0];
                int close = ClosingQuote(trimmed, 1, q);
                if (close >= 0)
                {
                    string inner = trimmed[1..close];
                    string after = trimmed[(close + 1)..].Trim();
                    entries.Add(entry with { Value = q == '"' ? Unescape(inner) : inner, Quote = q, Comment = after.StartsWith('#') ? after : null });
                    continue;
                }
                // A quoted value may run over lines; without its closing quote on any later line, it is unclosed.
                var value = new StringBuilder(trimmed[1..]);
                int j = i + 1;
                for (; j < lines.Length; j++)
                {
                    string next = lines[j].TrimEnd('\r');
                    int c = ClosingQuote(next, 0, q);
                    value.Append('\n');
                    if (c >= 0) { value.Append(next[..c]); break; }
                    value.Append(next);
                }
                if (j < lines.Length)
                {
                    entries.Add(entry with { Value = q == '"' ? Unescape(value.ToString()) : value.ToString(), Quote = q, MultiLine = true });
                    i = j;
                }
                else entries.Add(entry with { Value = raw.Trim(), Quote = q, Unclosed = true });
                continue;
            }
            int hash = CommentStart(raw);
            string unquoted = hash >= 0 ? raw[..hash] : raw;
            entries.Add(entry with { Value = unquoted.Trim(), Comment = hash >= 0 ? raw[hash..].Trim() : null });
        }
        return entries;
    }

    private static int ClosingQuote(string text, int from, char q)
    {
        for (int i = from; i < text.Length; i++)
        {
            if (text[i] == '\\' && q == '"') { i++; continue; }
            if (text[i] == q) return i;
        }
        return -1;
    }

    /// <summary>Careful loaders start a comment at a <c>#</c> after whitespace; <c>a#b</c> stays one value.</summary>
    private static int CommentStart(string raw)
    {
        for (int i = 1; i < raw.Length; i++)
            if (raw[i] == '#' && char.IsWhiteSpace(raw[i - 1])) return i;
        return raw.StartsWith('#') ? 0 : -1;
    }

    private static string Unescape(string s) => s.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal);
}
