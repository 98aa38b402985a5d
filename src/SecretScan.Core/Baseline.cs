using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace SecretScan.Core;

/// <summary>
/// Known findings a team has accepted, so that a scan reports only new ones. Entries are keyed by the content
/// fingerprint (rule id + hash of the secret) and the path, never by line or commit, so edits, moved lines and
/// rebases don't bring them back. The file holds hashes, never secrets, and nothing that changes from run to run
/// (no timestamps, sorted entries), so it diffs and merges cleanly.
/// </summary>
public sealed class Baseline
{
    public const string DefaultFileName = ".secretscan-baseline.json";
    public const int FormatVersion = 1;

    public Baseline(IEnumerable<BaselineEntry> entries) => Entries = [.. entries.Order()];

    public ImmutableArray<BaselineEntry> Entries { get; }

    public static Baseline FromFindings(IEnumerable<Finding> findings, Baseline? previous = null)
    {
        // Reasons, owners and expiry dates written by people survive a re-create.
        var kept = previous?.Entries.ToDictionary(e => (e.Fingerprint, e.Path)) ?? [];
        return new Baseline(findings
            .Select(f => (f.Fingerprint, f.Location.Path, f.Rule.Id))
            .Distinct()
            .Select(x => kept.TryGetValue((x.Fingerprint, x.Path), out var old) ? old with { Rule = x.Id } : new BaselineEntry(x.Fingerprint, x.Id, x.Path)));
    }

    /// <exception cref="BaselineException">The file is not valid baseline JSON; the message has its line.</exception>
    public static Baseline Load(string path)
    {
        string text;
        try
        {
            if (SpecialFiles.Kind(path) is { } special) throw new BaselineException($"{path}: cannot read baseline: it is a {special}, not a regular file");
            if (new FileInfo(path).Length > MaxBytes) throw new BaselineException($"{path}: baseline is over the {MaxBytes}-byte limit");
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BaselineException($"{path}: cannot read baseline: {e.Message}"); }
        return Parse(path, text);
    }

    /// <summary>A baseline is machine-written and flat; anything much deeper or larger is not one.</summary>
    public const long MaxBytes = 256L << 20;

    /// <exception cref="BaselineException">The text is not valid baseline JSON; the message has its line.</exception>
    public static Baseline Parse(string path, string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (!root.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
                throw new BaselineException($"{path}: not a SecretScan baseline (no \"entries\" array)");
            var list = new List<BaselineEntry>();
            int index = 0;
            foreach (JsonElement e in entries.EnumerateArray())
            {
                string? Get(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                string fingerprint = Get("fingerprint") ?? throw new BaselineException($"{path}: entry {index} has no \"fingerprint\"");
                DateOnly? expires = null;
                if (Get("expires") is { } exp)
                {
                    if (!DateOnly.TryParseExact(exp, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                        throw new BaselineException($"{path}: entry {index}: \"expires\" must be a date like 2027-01-31, not '{exp}'");
                    expires = d;
                }
                list.Add(new BaselineEntry(fingerprint, Get("rule") ?? "", Get("path") ?? "") { Reason = Get("reason"), Owner = Get("owner"), Expires = expires });
                index++;
            }
            return new Baseline(list);
        }
        catch (JsonException e)
        {
            throw new BaselineException($"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: invalid JSON: {e.Message.Split(" Path:")[0]}");
        }
    }

    public void Save(Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("version", FormatVersion);
        w.WriteString("tool", "secretscan");
        w.WriteString("note", "Accepted findings: rule id + SHA-256 of rule and secret, and the path. No secrets are stored. Add reason, owner and expires (YYYY-MM-DD) as you see fit.");
        w.WriteStartArray("entries");
        foreach (BaselineEntry e in Entries)
        {
            w.WriteStartObject();
            w.WriteString("rule", e.Rule);
            w.WriteString("path", e.Path);
            w.WriteString("fingerprint", e.Fingerprint);
            if (e.Reason is not null) w.WriteString("reason", e.Reason);
            if (e.Owner is not null) w.WriteString("owner", e.Owner);
            if (e.Expires is { } d) w.WriteString("expires", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        output.WriteByte((byte)'\n');
    }
}

public sealed record BaselineEntry(string Fingerprint, string Rule, string Path) : IComparable<BaselineEntry>
{
    public string? Reason { get; init; }
    public string? Owner { get; init; }
    public DateOnly? Expires { get; init; }

    public int CompareTo(BaselineEntry? other) => other is null ? 1
        : string.CompareOrdinal(Path, other.Path) is not 0 and var p ? p
        : string.CompareOrdinal(Rule, other.Rule) is not 0 and var r ? r
        : string.CompareOrdinal(Fingerprint, other.Fingerprint);
}

public sealed class BaselineException(string message) : Exception(message);

/// <summary>Holds back findings the baseline accepts; remembers which entries were used and which had expired.</summary>
public sealed class BaselineFilter(Baseline baseline, DateOnly today) : IFindingFilter
{
    private readonly Dictionary<(string, string), BaselineEntry> _entries = baseline.Entries.ToDictionary(e => (e.Fingerprint, e.Path));
    private readonly ConcurrentDictionary<BaselineEntry, bool> _used = new();
    private readonly ConcurrentDictionary<BaselineEntry, bool> _expired = new();

    public Stage Stage => Stage.Baseline;

    public bool Suppresses(Finding finding, Fragment fragment)
    {
        if (!_entries.TryGetValue((finding.Fingerprint, finding.Location.Path), out var entry)) return false;
        _used[entry] = true;
        if (entry.Expires is { } expires && expires < today) { _expired[entry] = true; return false; }
        return true;
    }

    /// <summary>Diagnostics for expired entries that matched, and (when asked) entries that matched nothing.</summary>
    public IEnumerable<Diagnostic> Diagnostics(bool reportUnused)
    {
        foreach (var e in _expired.Keys.Order())
            yield return new Diagnostic(DiagnosticCodes.BaselineExpired, DiagnosticLevel.Warning, e.Path,
                $"baseline entry for rule '{e.Rule}' expired on {e.Expires:yyyy-MM-dd} and no longer suppresses its finding");
        if (!reportUnused) yield break;
        foreach (var e in baseline.Entries.Where(e => !_used.ContainsKey(e)))
            yield return new Diagnostic(DiagnosticCodes.BaselineUnused, DiagnosticLevel.Warning, e.Path,
                $"baseline entry for rule '{e.Rule}' (fingerprint {e.Fingerprint}) matched nothing; remove it");
    }
}
