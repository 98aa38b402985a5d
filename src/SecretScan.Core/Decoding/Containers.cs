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
    /// <summary>A byte-level look for the containers' names, so a file without them is never turned into text for them.</summary>
    public static bool MayContain<T>(ReadOnlySpan<T> content) where T : unmanaged, IBinaryInteger<T>
    {
        if (typeof(T) == typeof(byte))
        {
            var bytes = System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(content);
            return bytes.IndexOf("Basic "u8) >= 0 || HasAuthName(bytes) || bytes.IndexOf("kind: Secret"u8) >= 0;
        }
        var chars = System.Runtime.InteropServices.MemoryMarshal.Cast<T, char>(content);
        return chars.IndexOf("Basic ") >= 0 || chars.IndexOf("_auth=") >= 0 || chars.IndexOf("_auth =") >= 0
            || chars.IndexOf("\"auth\"") >= 0 || chars.IndexOf("kind: Secret") >= 0;
    }

    // `_auth=`, `_auth =` and `"auth"` in one pass over the bytes: each of the three searches alone costs as much,
    // because `_`, `=` and `"` are everywhere in code.
    private static bool HasAuthName(ReadOnlySpan<byte> bytes)
    {
        for (int from = 1; from < bytes.Length;)
        {
            int at = bytes[from..].IndexOf("auth"u8);
            if (at < 0) return false;
            at += from;
            byte before = bytes[at - 1];
            ReadOnlySpan<byte> after = bytes[(at + 4)..];
            if (before == '_' && (after.StartsWith("="u8) || after.StartsWith(" ="u8))) return true;
            if (before == '"' && after.StartsWith("\""u8)) return true;
            from = at + 1;
        }
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
        foreach (Match m in UserInfo().Matches(text))
        {
            Group value = m.Groups["value"];
            into.Add(new Candidate(CandidateKind.Base64, value.Index, value.Index + value.Length, m.Groups["name"].Value, SplitUserInfo: true));
        }
        if (KubernetesSecret().IsMatch(text)) FindSecretData(text, into);
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

    [GeneratedRegex(@"(?:(?<name>Authorization:\s*Basic|(?<![\w-])Basic)\s+|(?<name>(?<![\w-])_auth)\s*=\s*""?|(?<name>""auth"")\s*:\s*"")(?<value>[A-Za-z0-9+/]{4,}={0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"^kind:\s*Secret\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex KubernetesSecret();

    [GeneratedRegex(@"^(?<indent>[ \t]*)data:[ \t]*\r?\n", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DataBlock();

    [GeneratedRegex(@"(?<indent>[ \t]+)(?<key>[\w.-]+):[ \t]*[""']?(?<value>[A-Za-z0-9+/]{4,}={0,2})[""']?[ \t]*(?:\r?\n|$)|[ \t]*#[^\n]*\n|[ \t]*\r?\n", RegexOptions.CultureInvariant)]
    private static partial Regex DataEntry();
}
