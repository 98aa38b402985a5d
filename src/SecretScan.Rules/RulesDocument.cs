using System.Globalization;
using System.Text;

namespace SecretScan.Rules;

/// <summary>
/// Writes <c>docs/rules.md</c>, the list of every provider and credential type the default rules detect.
/// It is generated from the YAML rather than written by hand so it cannot drift: a test compares the committed
/// file with this output and fails, naming the command below, when a rule changed without the document.
/// </summary>
public static class RulesDocument
{
    public const string RelativePath = "docs/rules.md";

    public const string RegenerateCommand =
        "SECRETSCAN_UPDATE_RULES_DOC=1 dotnet test tests/SecretScan.Tests --filter \"FullyQualifiedName~RulesDocumentTests\"";

    /// <summary>The document, with '\n' line ends whatever the platform, so the committed file is the same everywhere.</summary>
    public static string Generate(IReadOnlyList<LoadedRule> rules)
    {
        var sb = new StringBuilder();
        RuleCounts c = RuleCounts.Of(rules);
        var providers = rules.GroupBy(r => r.Rule.Provider, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();

        sb.Append("# Default rules\n\n");
        sb.Append("<!-- Generated from rules/*.yaml by SecretScan.Rules.RulesDocument; do not edit by hand. -->\n");
        sb.Append("<!-- Regenerate: ").Append(RegenerateCommand).Append(" -->\n\n");
        sb.Append(string.Create(CultureInfo.InvariantCulture,
            $"{c.Rules} rules for {c.Providers} providers, with {c.Examples} examples and {c.NegativeExamples} negative examples; "
            + $"{c.WithChecksum} rules check an offline checksum and {c.WithVerify} describe a read-only verification request.\n\n"));
        sb.Append("Every rule's examples and negative examples run in `secretscan rules check`. `secretscan rules list --provider NAME` ")
          .Append("shows one provider's rules, `--format json` the same as JSON. Precision: **very-high** = fixed prefix with a checksum ")
          .Append("or a strict shape, **high** = a distinctive prefix or shape, **medium/low** = found by context.\n\n");

        sb.Append("## Providers\n\n| Provider | Rules | Credential types |\n|---|---:|---|\n");
        foreach (var p in providers)
            sb.Append("| [").Append(Cell(p.Key)).Append("](#").Append(Anchor(p.Key)).Append(") | ")
              .Append(p.Count().ToString(CultureInfo.InvariantCulture)).Append(" | ")
              .Append(string.Join(", ", p.Select(r => Cell(r.Rule.Name)))).Append(" |\n");

        foreach (var p in providers)
        {
            sb.Append("\n## ").Append(p.Key).Append("\n\n");
            sb.Append("| Rule id | Credential | Severity | Precision | Checksum | Verify | Revoke or rotate at |\n|---|---|---|---|---|---|---|\n");
            foreach (LoadedRule loaded in p)
            {
                var r = loaded.Rule;
                sb.Append("| `").Append(r.Id).Append("` | ").Append(Cell(r.Name)).Append(" | ")
                  .Append(r.Severity.ToString().ToLowerInvariant()).Append(" | ").Append(r.Precision).Append(" | ")
                  .Append(r.Checksum is { } checksum ? $"`{checksum}`" : "").Append(" | ")
                  .Append(r.Verify is { } v ? $"{v.Method} {Host(v.Url)}" : "").Append(" | ")
                  .Append(r.Rotation.Url).Append(" |\n");
            }
        }
        return sb.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out Uri? u) ? u.Host : url;

    /// <summary>GitHub's heading anchor: lower case, spaces to '-', punctuation other than '-' and '_' dropped.</summary>
    internal static string Anchor(string heading)
    {
        var sb = new StringBuilder();
        foreach (char ch in heading.ToLowerInvariant())
        {
            if (ch == ' ') sb.Append('-');
            else if (char.IsLetterOrDigit(ch) || ch is '-' or '_') sb.Append(ch);
        }
        return sb.ToString();
    }
}
