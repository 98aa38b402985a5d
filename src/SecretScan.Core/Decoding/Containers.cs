using System.Numerics;
using System.Runtime.Intrinsics;
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
    /// <summary>A byte-level look for the containers' names, so a file without them is never turned into text for them.</summary>
    public static bool MayContain<T>(ReadOnlySpan<T> content) where T : unmanaged, IBinaryInteger<T>
    {
        if (typeof(T) == typeof(byte))
        {
            var bytes = System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(content);
            return HasName(bytes);
        }
        var chars = System.Runtime.InteropServices.MemoryMarshal.Cast<T, char>(content);
        return chars.IndexOf("Basic ") >= 0 || chars.IndexOf("_auth=") >= 0 || chars.IndexOf("_auth =") >= 0
            || chars.IndexOf("\"auth\"") >= 0 || chars.IndexOf("kind: Secret") >= 0;
    }

    // All five names in one pass over the bytes: a vector step flags positions whose first and a later byte fit a name
    // (`a..h` of auth, `B....` + space of "Basic ", `k` + `t` of "kind: Secret"), and only those are compared. Five
    // searches cost five passes, and `_`, `=`, `"` and spaces are everywhere in code.
    private static bool HasName(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 + 11 <= bytes.Length; i += 16)
            {
                Vector128<byte> v0 = Vector128.Create(bytes.Slice(i, 16));
                Vector128<byte> flagged =
                    (Vector128.Equals(v0, Vector128.Create((byte)'a')) & Vector128.Equals(Vector128.Create(bytes.Slice(i + 3, 16)), Vector128.Create((byte)'h')))
                    | (Vector128.Equals(v0, Vector128.Create((byte)'B')) & Vector128.Equals(Vector128.Create(bytes.Slice(i + 5, 16)), Vector128.Create((byte)' ')))
                    | (Vector128.Equals(v0, Vector128.Create((byte)'k')) & Vector128.Equals(Vector128.Create(bytes.Slice(i + 11, 16)), Vector128.Create((byte)'t')));
                if (flagged == Vector128<byte>.Zero) continue;
                for (uint bits = flagged.ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
                    if (NameAt(bytes, i + BitOperations.TrailingZeroCount(bits))) return true;
            }
        }
        for (; i < bytes.Length; i++)
            if (NameAt(bytes, i)) return true;
        return false;
    }

    private static bool NameAt(ReadOnlySpan<byte> bytes, int at)
    {
        ReadOnlySpan<byte> rest = bytes[at..];
        switch (rest[0])
        {
            case (byte)'a':
                if (at == 0 || !rest.StartsWith("auth"u8)) return false;
                ReadOnlySpan<byte> after = rest[4..];
                return bytes[at - 1] switch
                {
                    (byte)'_' => after.StartsWith("="u8) || after.StartsWith(" ="u8),
                    (byte)'"' => after.StartsWith("\""u8),
                    _ => false,
                };
            case (byte)'B': return rest.StartsWith("Basic "u8);
            case (byte)'k': return rest.StartsWith("kind: Secret"u8);
            default: return false;
        }
    }

    /// <summary>Adds the named candidates of a text.</summary>
    public static void Find(string text, List<Candidate> into)
    {
        if (MayContain(text.AsSpan())) FindNamed(text, into);
    }

    /// <summary>Adds the named candidates of a text already known to <see cref="MayContain{T}"/> a container's name.</summary>
    internal static void FindNamed(string text, List<Candidate> into)
    {
        foreach (Match m in UserInfoMatches(text))
        {
            Group value = m.Groups["value"];
            into.Add(new Candidate(CandidateKind.Base64, value.Index, value.Index + value.Length, m.Groups["name"].Value, SplitUserInfo: true));
        }
        if (text.Contains("kind:", StringComparison.Ordinal) && KubernetesSecret().IsMatch(text)) FindSecretData(text, into);
    }

    private static readonly string[] UserInfoStarts = ["Authorization:", "Basic", "_auth", "\"auth\""];

    /// <summary>
    /// What <c>UserInfo().Matches(text)</c> gives, tried only where a match can start: every match begins with one of
    /// <see cref="UserInfoStarts"/>, so the anchored pattern is tried at the next of those and nowhere else. The
    /// unanchored scan looks at every quote and underscore of the file.
    /// </summary>
    public static IEnumerable<Match> UserInfoMatches(string text)
    {
        int[] next = new int[UserInfoStarts.Length];
        for (int k = 0; k < next.Length; k++) next[k] = text.IndexOf(UserInfoStarts[k], StringComparison.Ordinal);
        int at = 0;
        while (true)
        {
            int start = -1;
            for (int k = 0; k < next.Length; k++)
            {
                if (next[k] >= 0 && next[k] < at) next[k] = text.IndexOf(UserInfoStarts[k], at, StringComparison.Ordinal);
                if (next[k] >= 0 && (start < 0 || next[k] < start)) start = next[k];
            }
            if (start < 0) yield break;
            Match m = UserInfoAt().Match(text, start);
            if (m.Success)
            {
                yield return m;
                at = m.Index + Math.Max(m.Length, 1);
            }
            else at = start + 1;
        }
    }

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
