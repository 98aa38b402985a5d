using System.Globalization;
using System.Text;
using System.Text.Json;
using SecretScan.Core;

namespace SecretScan.Rules;

/// <summary>
/// What <c>rules list</c> shows, as text or JSON, and the provider filter. Kept out of the CLI so the listing
/// is the same wherever the rules are shown and is testable without a process.
/// </summary>
public static class RuleListing
{
    /// <summary>
    /// Rules whose provider contains <paramref name="provider"/> (case-insensitive), so "azure" finds both
    /// "Microsoft Azure" and "Azure DevOps"; null or empty keeps every rule.
    /// </summary>
    public static List<LoadedRule> ForProvider(IEnumerable<LoadedRule> rules, string? provider) =>
        string.IsNullOrWhiteSpace(provider)
            ? [.. rules]
            : [.. rules.Where(r => r.Rule.Provider.Contains(provider.Trim(), StringComparison.OrdinalIgnoreCase))];

    public static string Text(IReadOnlyList<LoadedRule> rules)
    {
        var sb = new StringBuilder();
        int idWidth = Math.Max(2, rules.Count == 0 ? 0 : rules.Max(r => r.Rule.Id.Length));
        int providerWidth = Math.Max(8, rules.Count == 0 ? 0 : rules.Max(r => r.Rule.Provider.Length));
        sb.Append("ID".PadRight(idWidth)).Append("  ").Append("PROVIDER".PadRight(providerWidth)).Append("  SEVERITY\n");
        foreach (LoadedRule r in rules)
            sb.Append(r.Rule.Id.PadRight(idWidth)).Append("  ").Append(r.Rule.Provider.PadRight(providerWidth)).Append("  ")
              .Append(r.Rule.Severity.ToString().ToLowerInvariant()).Append('\n');
        int providers = ProviderCount(rules);
        sb.Append(string.Create(CultureInfo.InvariantCulture, $"{rules.Count} {(rules.Count == 1 ? "rule" : "rules")} from {providers} {(providers == 1 ? "provider" : "providers")}\n"));
        return sb.ToString();
    }

    public static string Json(IReadOnlyList<LoadedRule> rules)
    {
        using var buffer = new MemoryStream();
        WriteJson(rules, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A JSON document <c>{ rules: [...], counts: {...} }</c>; field order is fixed so scripts can diff it.</summary>
    public static void WriteJson(IReadOnlyList<LoadedRule> rules, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("rules");
        foreach (LoadedRule loaded in rules)
        {
            Rule r = loaded.Rule;
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("name", r.Name);
            w.WriteString("provider", r.Provider);
            w.WriteString("severity", r.Severity.ToString().ToLowerInvariant());
            w.WriteString("precision", r.Precision);
            w.WriteBoolean("generic", r.Generic);
            w.WriteStartArray("keywords");
            foreach (string k in r.Keywords) w.WriteStringValue(k);
            w.WriteEndArray();
            if (r.Checksum is { } checksum) w.WriteString("checksum", checksum);
            else w.WriteNull("checksum");
            w.WriteBoolean("verify", r.Verify is not null);
            w.WriteNumber("examples", loaded.Examples.Count(e => !e.Negative));
            w.WriteNumber("negativeExamples", loaded.Examples.Count(e => e.Negative));
            w.WriteString("rotationUrl", r.Rotation.Url);
            w.WriteString("source", r.Source);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteCounts(w, RuleCounts.Of(rules));
        w.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter w, RuleCounts c)
    {
        w.WriteStartObject("counts");
        w.WriteNumber("rules", c.Rules);
        w.WriteNumber("providers", c.Providers);
        w.WriteNumber("examples", c.Examples);
        w.WriteNumber("negativeExamples", c.NegativeExamples);
        w.WriteNumber("withChecksum", c.WithChecksum);
        w.WriteNumber("withVerify", c.WithVerify);
        w.WriteEndObject();
    }

    internal static int ProviderCount(IEnumerable<LoadedRule> rules) =>
        rules.Select(r => r.Rule.Provider).Distinct(StringComparer.Ordinal).Count();
}

/// <summary>The figures a rule set is judged by (issue 15's closing note asks for exactly these).</summary>
public sealed record RuleCounts(int Rules, int Providers, int Examples, int NegativeExamples, int WithChecksum, int WithVerify)
{
    public static RuleCounts Of(IReadOnlyCollection<LoadedRule> rules) => new(
        rules.Count,
        RuleListing.ProviderCount(rules),
        rules.Sum(r => r.Examples.Count(e => !e.Negative)),
        rules.Sum(r => r.Examples.Count(e => e.Negative)),
        rules.Count(r => r.Rule.Checksum is not null),
        rules.Count(r => r.Rule.Verify is not null));
}
