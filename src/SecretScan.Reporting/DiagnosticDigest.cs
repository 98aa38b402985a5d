using System.Collections.Immutable;
using System.Globalization;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// A diagnostic is said once. A history scan meets the same path in many versions (a binary asset, an LFS pointer,
/// an oversized dump) and would otherwise repeat the same warning for each: the first is kept, with the count.
/// </summary>
public static class DiagnosticDigest
{
    public static ImmutableArray<Diagnostic> Collapse(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var groups = new Dictionary<(string Code, DiagnosticLevel Level, string Path), (int Index, int Count)>();
        var kept = new List<Diagnostic>();
        foreach (Diagnostic d in diagnostics)
        {
            if (d.Path is null) { if (!kept.Contains(d)) kept.Add(d); continue; }
            var key = (d.Code, d.Level, d.Path);
            if (groups.TryGetValue(key, out var g)) { groups[key] = (g.Index, g.Count + 1); continue; }
            groups[key] = (kept.Count, 1);
            kept.Add(d);
        }
        foreach (var (_, (index, count)) in groups)
            if (count > 1)
                kept[index] = kept[index] with { Message = string.Create(CultureInfo.InvariantCulture, $"{kept[index].Message} (and {count - 1} more version(s) of this path)") };
        return [.. kept];
    }
}
