using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace SecretScan.Core;

/// <summary>
/// A stage after detection that may hold a finding back. Stages are separate from the detector so each can be
/// tested and counted on its own: the report says how many findings every stage suppressed.
/// </summary>
public interface IFindingFilter
{
    Stage Stage { get; }
    bool Suppresses(Finding finding, Fragment fragment);
}

/// <summary>Global allowlist from configuration: paths, regexes on the secret or its line, and stopwords.</summary>
public sealed class AllowlistFilter : IFindingFilter
{
    public AllowlistFilter(PathFilter paths, IEnumerable<Regex> secretRegexes, IEnumerable<Regex> lineRegexes, IEnumerable<string> stopwords)
    {
        Paths = paths;
        SecretRegexes = [.. secretRegexes];
        LineRegexes = [.. lineRegexes];
        Stopwords = [.. stopwords];
    }

    public PathFilter Paths { get; }
    public ImmutableArray<Regex> SecretRegexes { get; }
    public ImmutableArray<Regex> LineRegexes { get; }
    public ImmutableArray<string> Stopwords { get; }
    public Stage Stage => Stage.Allowlist;

    public bool IsEmpty => Paths.IsEmpty && SecretRegexes.IsEmpty && LineRegexes.IsEmpty && Stopwords.IsEmpty;

    public bool Suppresses(Finding finding, Fragment fragment)
    {
        if (Paths.Matches(finding.Location.Path)) return true;
        string secret = finding.Secret.Reveal();
        foreach (string word in Stopwords)
            if (secret.Contains(word, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (Regex r in SecretRegexes)
            if (r.IsMatch(secret)) return true;
        if (LineRegexes.IsEmpty) return false;
        for (int line = finding.Location.StartLine; line <= finding.Location.EndLine; line++)
        {
            string text = fragment.LineText(line);
            foreach (Regex r in LineRegexes)
                if (r.IsMatch(text)) return true;
        }
        return false;
    }
}

/// <summary>
/// <c>secretscan:allow</c> on a finding's line (in any comment syntax) holds it back; <c>secretscan:allow RULE-ID</c>
/// only for that rule. <c>gitleaks:allow</c> is honoured too, so teams can switch without touching code.
/// For a multi-line secret the marker may stand on its first or last line. detect-secrets' markers work as well:
/// <c>pragma: allowlist secret</c> on the line, <c>pragma: allowlist nextline secret</c> on the line before it.
/// </summary>
public sealed partial class InlineMarkerFilter : IFindingFilter
{
    public Stage Stage => Stage.InlineMarker;

    public bool Suppresses(Finding finding, Fragment fragment) =>
        LineAllows(fragment.LineText(finding.Location.StartLine), finding.Rule.Id)
        || (finding.Location.EndLine != finding.Location.StartLine && LineAllows(fragment.LineText(finding.Location.EndLine), finding.Rule.Id))
        || (finding.Location.StartLine > 1 && fragment.LineText(finding.Location.StartLine - 1).Contains(NextLinePragma, StringComparison.Ordinal));

    private const string NextLinePragma = "pragma: allowlist nextline secret";

    public static bool LineAllows(string line, string ruleId)
    {
        if (line.Contains("gitleaks:allow", StringComparison.Ordinal) || line.Contains("pragma: allowlist secret", StringComparison.Ordinal)) return true;
        int at = line.IndexOf("secretscan:allow", StringComparison.Ordinal);
        while (at >= 0)
        {
            Match m = Marker().Match(line, at);
            if (m.Success && (!m.Groups["rule"].Success || m.Groups["rule"].Value == ruleId)) return true;
            at = line.IndexOf("secretscan:allow", at + 1, StringComparison.Ordinal);
        }
        return false;
    }

    [GeneratedRegex(@"\Gsecretscan:allow(?:[ \t]+(?<rule>[a-z0-9]+(?:-[a-z0-9]+)+))?", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
