using System.Collections.Immutable;
using System.Numerics;
using System.Text.RegularExpressions;

namespace SecretScan.Core.Decoding;

/// <summary>
/// Encoded containers decoded by name rather than by shape, because their values are often too short or too plain
/// for the shape test: Kubernetes <c>Secret</c> <c>data:</c> values, Docker <c>config.json</c> <c>auths.*.auth</c>,
/// HTTP <c>Authorization: Basic</c>, and <c>.npmrc</c> <c>_auth</c>. The last three hold <c>user:password</c>.
/// (Base64-wrapped PEM keys and escaped service-account JSON need no name: the shape test finds them.)
/// </summary>
public static partial class Containers
{
    /// <summary>The names whose presence makes a file worth reading for containers (see <see cref="MayContain{T}"/>).</summary>
    public static readonly ImmutableArray<string> Names = ["Basic ", "_auth=", "_auth =", "\"auth\"", "kind: Secret"];

    private static readonly byte[][] NameBytes = [.. Names.Select(System.Text.Encoding.ASCII.GetBytes)];

    /// <summary>
    /// Whether the content names a container. Scans find the names in the keyword pass (<see cref="Markers"/>,
    /// <see cref="NamedAt"/>); this is for content that pass did not read as bytes, and for decoded text.
    /// </summary>
    public static bool MayContain<T>(ReadOnlySpan<T> content) where T : unmanaged, IBinaryInteger<T>
    {
        for (int k = 0; k < Names.Length; k++)
            if (IndexOf(content, Names[k], NameBytes[k], 0) >= 0) return true;
        return false;
    }

    /// <summary>Adds the named candidates of a text.</summary>
    public static void Find(string text, List<Candidate> into)
    {
        if (MayContain(text.AsSpan())) FindNamed(text, into);
    }

    /// <summary>Adds the named candidates of a text already known to <see cref="MayContain{T}"/> a container's name.</summary>
    internal static void FindNamed(string text, List<Candidate> into)
    {
        FindUserInfo<char>(text, text, StartsIn<char>(text), into);
        if (text.Contains(Kind, StringComparison.Ordinal) && KubernetesSecret().IsMatch(text)) FindSecretData(text, into);
    }

    /// <summary>
    /// <see cref="Find(string, List{Candidate})"/> for decoded text the keyword pass has read: the names and starts are
    /// compared at its <paramref name="markers"/> (char offsets) instead of searched for, each with its own pass.
    /// </summary>
    internal static void Find(string text, IReadOnlyList<int> markers, List<Candidate> into)
    {
        if (!NamedAt(text.AsSpan(), markers)) return;
        FindUserInfo<char>(text, text, StartsAt(text.AsSpan(), markers), into);
        if (WrittenAt(text.AsSpan(), markers, Kind, KindBytes) && KubernetesSecret().IsMatch(text)) FindSecretData(text, into);
    }

    /// <summary>
    /// <see cref="FindNamed(string, List{Candidate})"/> over ASCII bytes, whose offsets are the text's: the user-info
    /// patterns are matched on text made of short windows only, and the whole text (<paramref name="text"/>) is made only
    /// for a file that may be a Kubernetes manifest. A file that merely says "Basic " (most do it in prose) is never
    /// made text for it. <paramref name="markers"/> are the offsets where the keyword pass saw one of
    /// <see cref="Markers"/> (null: it did not look, and the bytes are searched here).
    /// </summary>
    internal static void FindNamed(ReadOnlySpan<byte> ascii, IReadOnlyList<int>? markers, Func<string> text, List<Candidate> into)
    {
        FindUserInfo<byte>(ascii, null, markers is null ? StartsIn(ascii) : StartsAt(ascii, markers), into);
        bool kind = markers is null ? ascii.IndexOf(KindBytes) >= 0 : WrittenAt(ascii, markers, Kind, KindBytes);
        if (kind && text() is var whole && KubernetesSecret().IsMatch(whole)) FindSecretData(whole, into);
    }

    /// <summary>Whether one of <see cref="Names"/> is written (case matters) at one of the <paramref name="markers"/>
    /// offsets the keyword pass reported.</summary>
    public static bool NamedAt<T>(ReadOnlySpan<T> content, IReadOnlyList<int> markers) where T : unmanaged, IBinaryInteger<T>
    {
        for (int k = 0; k < Names.Length; k++)
            if (WrittenAt(content, markers, Names[k], NameBytes[k])) return true;
        return false;
    }

    private static bool WrittenAt<T>(ReadOnlySpan<T> content, IReadOnlyList<int> markers, string word, byte[] wordBytes) where T : unmanaged, IBinaryInteger<T>
    {
        foreach (int at in markers)
            if (StartsWith(content, at, word, wordBytes)) return true;
        return false;
    }

    private static bool StartsWith<T>(ReadOnlySpan<T> content, int at, string word, byte[] wordBytes) where T : unmanaged, IBinaryInteger<T> =>
        typeof(T) == typeof(byte)
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(content)[at..].StartsWith(wordBytes)
            : System.Runtime.InteropServices.MemoryMarshal.Cast<T, char>(content)[at..].StartsWith(word, StringComparison.Ordinal);

    private static readonly string[] UserInfoStarts = ["Authorization:", "Basic", "_auth", "\"auth\""];
    private static readonly byte[][] UserInfoStartBytes = [.. UserInfoStarts.Select(System.Text.Encoding.ASCII.GetBytes)];
    private const string Kind = "kind:";
    private static readonly byte[] KindBytes = System.Text.Encoding.ASCII.GetBytes(Kind);

    /// <summary>
    /// Everything the decoder looks for by name: the <see cref="Names"/>, where a user-info match can start, and a
    /// manifest's <c>kind:</c>. The keyword pass finds them (case-insensitively) in the same read of every byte as the
    /// rules' keywords, so a file is not read again for them.
    /// </summary>
    public static readonly ImmutableArray<string> Markers = [.. Names.Concat(UserInfoStarts).Append(Kind).Distinct()];

    /// <summary>The user-info candidates of a text (see <see cref="FindNamed(string, List{Candidate})"/>).</summary>
    public static List<Candidate> UserInfoCandidates(string text)
    {
        var found = new List<Candidate>();
        FindUserInfo<char>(text, text, StartsIn<char>(text), found);
        return found;
    }

    /// <summary>The same from the keyword pass's <paramref name="markers"/> over the text.</summary>
    public static List<Candidate> UserInfoCandidates(string text, IReadOnlyList<int> markers)
    {
        var found = new List<Candidate>();
        FindUserInfo<char>(text, text, StartsAt(text.AsSpan(), markers), found);
        return found;
    }

    /// <summary>The user-info candidates of ASCII bytes, matched on windows; the starts are searched for, or taken
    /// from the keyword pass's <paramref name="markers"/>.</summary>
    public static List<Candidate> UserInfoCandidates(ReadOnlySpan<byte> ascii, IReadOnlyList<int>? markers = null)
    {
        var found = new List<Candidate>();
        FindUserInfo(ascii, null, markers is null ? StartsIn(ascii) : StartsAt(ascii, markers), found);
        return found;
    }

    /// <summary>Every offset where one of <see cref="UserInfoStarts"/> is written, in order.</summary>
    private static List<int> StartsIn<T>(ReadOnlySpan<T> content) where T : unmanaged, IBinaryInteger<T>
    {
        var starts = new List<int>();
        for (int k = 0; k < UserInfoStarts.Length; k++)
            for (int at = 0; (at = IndexOf(content, UserInfoStarts[k], UserInfoStartBytes[k], at)) >= 0; at++) starts.Add(at);
        starts.Sort();
        return starts;
    }

    /// <summary>The same from the keyword pass's offsets, which were found without regard to case.</summary>
    private static List<int> StartsAt<T>(ReadOnlySpan<T> content, IReadOnlyList<int> markers) where T : unmanaged, IBinaryInteger<T>
    {
        var starts = new List<int>();
        foreach (int at in markers)
            for (int k = 0; k < UserInfoStarts.Length; k++)
                if (StartsWith(content, at, UserInfoStarts[k], UserInfoStartBytes[k])) { starts.Add(at); break; }
        starts.Sort();
        return starts;
    }

    /// <summary>
    /// What the unanchored user-info pattern finds over the whole content, tried only at <paramref name="starts"/>:
    /// every match begins with one of <see cref="UserInfoStarts"/>, so the anchored pattern is tried there and nowhere
    /// else (the unanchored scan looks at every quote and underscore of the file). Given no <paramref name="whole"/>
    /// text, each try runs on a window from the character before the start (the pattern's look-behind) to the end of
    /// the run of characters a match can hold: the rest of the content cannot change it.
    /// </summary>
    private static void FindUserInfo<T>(ReadOnlySpan<T> content, string? whole, List<int> starts, List<Candidate> into) where T : unmanaged, IBinaryInteger<T>
    {
        int at = 0;
        string window = whole ?? "";
        int windowFrom = 0, windowEnd = whole is null ? 0 : content.Length;
        foreach (int start in starts)
        {
            // Offsets come twice where two markers share a start ("Basic" and "Basic "), and a match moves past some.
            if (start < at) continue;
            bool inWindow = start < windowEnd && (start == 0 || start - 1 >= windowFrom);
            if (!inWindow)
            {
                // Starts in one run share its window, so a run is made text once however many starts it holds.
                windowFrom = Math.Max(start - 1, 0);
                windowEnd = start;
                while (windowEnd < content.Length && MayBeInMatch(int.CreateTruncating(content[windowEnd]))) windowEnd++;
                window = Text(content[windowFrom..windowEnd]);
            }
            Match m = UserInfoAt().Match(window, start - windowFrom);
            if (m.Success)
            {
                Group value = m.Groups["value"];
                int valueStart = windowFrom + value.Index;
                into.Add(new Candidate(CandidateKind.Base64, valueStart, valueStart + value.Length, m.Groups["name"].Value, SplitUserInfo: true));
                at = windowFrom + m.Index + Math.Max(m.Length, 1);
            }
            else at = start + 1;
        }
    }

    /// <summary>The first offset at or after <paramref name="from"/> where <paramref name="word"/> is written; -1 when none.</summary>
    private static int IndexOf<T>(ReadOnlySpan<T> content, string word, byte[] wordBytes, int from) where T : unmanaged, IBinaryInteger<T>
    {
        int found = typeof(T) == typeof(byte)
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(content)[from..].IndexOf(wordBytes)
            : System.Runtime.InteropServices.MemoryMarshal.Cast<T, char>(content)[from..].IndexOf(word, StringComparison.Ordinal);
        return found < 0 ? -1 : from + found;
    }

    // Every character the pattern can match: the names' (letters, `_ : "`), separators (`= "` and white space) and
    // the value's (`A-Za-z0-9+/=`). Any larger set would do as well; a smaller one would cut matches short.
    private static bool MayBeInMatch(int c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '=' or '_' or ':' or '"'
        || c <= ' ' || (c > 0x7F && char.IsWhiteSpace((char)c));

    private static string Text<T>(ReadOnlySpan<T> span) where T : unmanaged, IBinaryInteger<T> =>
        typeof(T) == typeof(byte)
            ? System.Text.Encoding.Latin1.GetString(System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(span))
            : new string(System.Runtime.InteropServices.MemoryMarshal.Cast<T, char>(span));

    // Values under a top-level `data:` block of a manifest that declares `kind: Secret`; `stringData:` is plain.
    private static void FindSecretData(string text, List<Candidate> into)
    {
        foreach (Match block in DataBlock().Matches(text))
        {
            int indent = block.Groups["indent"].Length;
            int at = block.Index + block.Length;
            foreach (Match entry in DataEntry().Matches(text, at))
            {
                if (entry.Index != at) break;
                at = entry.Index + entry.Length;
                if (!entry.Groups["key"].Success) continue;
                if (entry.Groups["indent"].Length <= indent) break;
                Group value = entry.Groups["value"];
                into.Add(new Candidate(CandidateKind.Base64, value.Index, value.Index + value.Length, entry.Groups["key"].Value));
            }
        }
    }

    private const string UserInfoPattern =
        @"(?:(?<name>Authorization:\s*Basic|(?<![\w-])Basic)\s+|(?<name>(?<![\w-])_auth)\s*=\s*""?|(?<name>""auth"")\s*:\s*"")(?<value>[A-Za-z0-9+/]{4,}={0,2})";

    [GeneratedRegex(UserInfoPattern, RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    // The same pattern, anchored where the search starts: one text, so the two cannot drift apart.
    [GeneratedRegex(@"\G" + UserInfoPattern, RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoAt();

    /// <summary>The unanchored form, kept as the reference the anchored search is tested against.</summary>
    public static MatchCollection UserInfoReference(string text) => UserInfo().Matches(text);

    [GeneratedRegex(@"^kind:\s*Secret\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex KubernetesSecret();

    [GeneratedRegex(@"^(?<indent>[ \t]*)data:[ \t]*\r?\n", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DataBlock();

    [GeneratedRegex(@"(?<indent>[ \t]+)(?<key>[\w.-]+):[ \t]*[""']?(?<value>[A-Za-z0-9+/]{4,}={0,2})[""']?[ \t]*(?:\r?\n|$)|[ \t]*#[^\n]*\n|[ \t]*\r?\n", RegexOptions.CultureInvariant)]
    private static partial Regex DataEntry();
}
