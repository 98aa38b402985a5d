using System.Text;
using System.Text.RegularExpressions;

namespace SecretScan.Core;

/// <summary>
/// Kubernetes (and Compose-on-Kubernetes, Helm, Tekton, Argo …) environment lists name the variable and its value on
/// two lines: <c>- name: DB_PASSWORD</c> then <c>value: hunter2…</c>. Read as written, the credential name is the
/// value of <c>name</c> and the secret the value of <c>value</c>, so no assignment-keyed rule sees them together.
/// This reads each pair as the assignment <c>DB_PASSWORD=…</c>, runs detection over those lines, and reports what is
/// found at the value in the original file. <c>valueFrom:</c> (a reference to a Secret or ConfigMap) is never a value.
/// <para>
/// It costs one byte search per file: only content with an <c>env:</c> list and a <c>- name:</c> item is read.
/// </para>
/// </summary>
public static partial class KubernetesEnvPairs
{
    public static bool MayContain(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOf("env:"u8) >= 0 && bytes.IndexOf("name:"u8) >= 0 && bytes.IndexOf("value:"u8) >= 0;

    public static bool MayContain(ReadOnlySpan<char> text) =>
        text.IndexOf("env:", StringComparison.Ordinal) >= 0 && text.IndexOf("name:", StringComparison.Ordinal) >= 0 && text.IndexOf("value:", StringComparison.Ordinal) >= 0;

    /// <summary>One <c>name</c>/<c>value</c> pair: the variable name and where its value stands in the original text.</summary>
    public readonly record struct Pair(string Name, int ValueStart, int ValueLength);

    public static List<Pair> Find(string text)
    {
        var pairs = new List<Pair>();
        if (!MayContain(text.AsSpan()) || !EnvList().IsMatch(text)) return pairs;
        foreach (Match m in NameThenValue().Matches(text))
        {
            // Both keys belong to the same list item: the value line is indented like the name after its "- ".
            if (m.Groups["valueIndent"].Length != m.Groups["itemIndent"].Length + m.Groups["dash"].Length) continue;
            Group value = m.Groups["value"];
            pairs.Add(new Pair(m.Groups["name"].Value, value.Index, value.Length));
        }
        foreach (Match m in FlowItem().Matches(text))
        {
            Group value = m.Groups["value"];
            pairs.Add(new Pair(m.Groups["name"].Value, value.Index, value.Length));
        }
        return pairs;
    }

    /// <summary>Detection over the pairs read as assignments; findings are placed at the value in <paramref name="root"/>.</summary>
    internal static void Detect(Detector detector, Fragment root, DetectionResult result)
    {
        if (root.HasRawBytes ? !MayContain(root.Bytes) : !MayContain(root.Content.AsSpan())) return;
        string text = root.Content;
        List<Pair> pairs = Find(text);
        if (pairs.Count == 0) return;

        // One line per pair; the value is copied as written, so an offset inside it maps back by a shift.
        var lines = new StringBuilder();
        var valueAt = new List<(int Synthetic, Pair Pair)>(pairs.Count);
        foreach (Pair p in pairs)
        {
            if (root.EligibleLines is { } eligible && !eligible.Contains(root.Position(p.ValueStart).Line)) continue;
            lines.Append(p.Name).Append('=');
            valueAt.Add((lines.Length, p));
            lines.Append(text, p.ValueStart, p.ValueLength).Append('\n');
        }
        if (valueAt.Count == 0) return;

        var found = new DetectionResult();
        detector.DetectPlain(new Fragment(lines.ToString(), root.Path, root.Provenance), found);
        result.BelowEntropy += found.BelowEntropy;
        result.BadChecksum += found.BadChecksum;
        foreach (var (stage, count) in found.Suppressions) result.Suppressions[stage] = result.Suppressions.GetValueOrDefault(stage) + count;
        var known = result.Findings.Select(f => f.Fingerprint).ToHashSet();
        foreach (Finding f in found.Findings)
        {
            int index = valueAt.FindLastIndex(v => v.Synthetic <= f.Location.StartOffset);
            if (index < 0) continue; // a match in the name alone is not about the value
            var (synthetic, pair) = valueAt[index];
            if (f.Location.EndOffset > synthetic + pair.ValueLength + 1 || !known.Add(f.Fingerprint)) continue;
            int start = pair.ValueStart + (f.Location.StartOffset - synthetic);
            int end = Math.Min(pair.ValueStart + pair.ValueLength, pair.ValueStart + (f.Location.EndOffset - synthetic));
            var (startLine, startColumn) = root.Position(start);
            var (endLine, endColumn) = root.Position(Math.Max(start, end - 1));
            result.Findings.Add(f with { Location = new Location(root.Path, startLine, startColumn, endLine, endColumn, start, Math.Max(end, start + 1)) });
        }
    }

    [GeneratedRegex(@"^[ \t]*(?:-[ \t]+)?env:[ \t]*(?:#[^\n]*)?\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex EnvList();

    // - name: DB_PASSWORD          (quoted or bare name)
    //   value: "s3cr3t…"           (quoted or bare value; valueFrom: does not match "value:")
    [GeneratedRegex(@"^(?<itemIndent>[ \t]*)(?<dash>-[ \t]+)name:[ \t]*[""']?(?<name>[A-Za-z_][A-Za-z0-9_.-]*)[""']?[ \t]*(?:#[^\n]*)?\r?\n(?<valueIndent>[ \t]*)value:[ \t]*(?<value>""[^""\r\n]*""|'[^'\r\n]*'|[^\s#""'][^\r\n#]*?)[ \t]*(?:#[^\n]*)?\r?$",
        RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex NameThenValue();

    // - { name: DB_PASSWORD, value: "s3cr3t…" }
    [GeneratedRegex(@"^[ \t]*-[ \t]*\{[ \t]*name:[ \t]*[""']?(?<name>[A-Za-z_][A-Za-z0-9_.-]*)[""']?[ \t]*,[ \t]*value:[ \t]*(?<value>""[^""\r\n]*""|'[^'\r\n]*'|[^\s,}""'][^,}\r\n]*?)[ \t]*\}",
        RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FlowItem();
}
