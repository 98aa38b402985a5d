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

/// <summary>
/// <c>baseline update</c>: a baseline brought up to date with a new scan. Entries whose finding still occurs are kept
/// with their reason, owner and expiry; entries whose finding is gone are dropped (and listed, so nobody wonders);
/// findings the baseline does not know are added only when asked, because adding them silently would accept new
/// leaks without anyone looking (detect-secrets adds them as "unaudited"; a SecretScan baseline has no such state).
/// </summary>
public sealed record BaselineRefresh(Baseline Updated, IReadOnlyList<BaselineEntry> Kept, IReadOnlyList<BaselineEntry> Dropped,
    IReadOnlyList<BaselineEntry> Added, IReadOnlyList<BaselineEntry> NotAdded)
{
    public static BaselineRefresh Of(Baseline previous, IEnumerable<Finding> findings, bool addNew)
    {
        var found = findings.Select(f => (f.Fingerprint, f.Location.Path, f.Rule.Id)).Distinct()
            .GroupBy(x => (x.Fingerprint, x.Path)).ToDictionary(g => g.Key, g => g.First().Id);
        List<BaselineEntry> kept = [], dropped = [], added = [], notAdded = [];
        var known = new HashSet<(string, string)>();
        foreach (BaselineEntry e in previous.Entries)
        {
            if (!known.Add((e.Fingerprint, e.Path))) continue;
            if (found.TryGetValue((e.Fingerprint, e.Path), out string? rule)) kept.Add(e with { Rule = rule });
            else dropped.Add(e);
        }
        foreach (var ((fingerprint, path), rule) in found)
        {
            if (known.Contains((fingerprint, path))) continue;
            (addNew ? added : notAdded).Add(new BaselineEntry(fingerprint, rule, path));
        }
        added.Sort();
        notAdded.Sort();
        return new BaselineRefresh(new Baseline([.. kept, .. added]), kept, dropped, added, notAdded);
    }
}

/// <summary>
/// <c>ignore FINGERPRINT</c>: the findings of a scan with that fingerprint (or a unique prefix of it) written into a
/// baseline with a reason, so nobody hand-edits JSON. An entry already there gets the new reason, owner and expiry.
/// </summary>
public static class BaselineIgnore
{
    /// <summary>Shorter prefixes than this are too easy to match by accident.</summary>
    public const int MinPrefix = 8;

    /// <returns>The findings the fingerprint names (one per path); empty when none does.</returns>
    /// <exception cref="BaselineException">The prefix is too short or names findings of more than one fingerprint.</exception>
    public static IReadOnlyList<Finding> Select(IEnumerable<Finding> findings, string fingerprint)
    {
        string wanted = fingerprint.Trim().ToLowerInvariant();
        if (wanted.Length < MinPrefix) throw new BaselineException($"fingerprint '{wanted}' is too short: give at least {MinPrefix} characters of the 'id' a report shows");
        List<Finding> matches = [.. findings.Where(f => f.Fingerprint.StartsWith(wanted, StringComparison.Ordinal))
            .GroupBy(f => (f.Fingerprint, f.Location.Path)).Select(g => g.First())];
        int distinct = matches.Select(f => f.Fingerprint).Distinct().Count();
        if (distinct > 1) throw new BaselineException($"'{wanted}' is the start of {distinct} different fingerprints: give more characters");
        return matches;
    }

    public static Baseline Add(Baseline? baseline, IEnumerable<Finding> findings, string reason, string? owner, DateOnly? expires)
    {
        var entries = (baseline?.Entries ?? []).ToDictionary(e => (e.Fingerprint, e.Path));
        foreach (Finding f in findings)
            entries[(f.Fingerprint, f.Location.Path)] = new BaselineEntry(f.Fingerprint, f.Rule.Id, f.Location.Path) { Reason = reason, Owner = owner, Expires = expires };
        return new Baseline(entries.Values);
    }
}
