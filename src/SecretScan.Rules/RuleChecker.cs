using System.Text.RegularExpressions;
using SecretScan.Core;

namespace SecretScan.Rules;

/// <summary>
/// <c>secretscan rules check</c>: builds every pattern and runs every example and negative example through the real
/// detector (prefilter, window, entropy, checksum, placeholders), so a rule that passes here behaves the same in a scan.
/// Every problem is collected; nothing stops at the first one.
/// </summary>
public static class RuleChecker
{
    public static List<RuleError> Check(IEnumerable<LoadedRule> rules)
    {
        var errors = new List<RuleError>();
        foreach (LoadedRule loaded in rules)
        {
            Rule rule = loaded.Rule;
            try { _ = rule.Regex; }
            catch (ArgumentException e)
            {
                errors.Add(new RuleError(rule.Source, loaded.Line, loaded.Column, rule.Id, $"invalid regex: {e.Message}"));
                continue;
            }
            if (rule.SecretGroup is { } group && !rule.Regex.GetGroupNames().Contains(group))
                errors.Add(new RuleError(rule.Source, loaded.Line, loaded.Column, rule.Id, $"the pattern has no group '{group}'"));
            foreach (RuleReachability.Problem p in RuleReachability.Check(rule, loaded.Examples))
                errors.Add(new RuleError(rule.Source, loaded.Line, loaded.Column, rule.Id, p.Message));
            var detector = new Detector(new RuleSet([rule]), ignorePathFilters: true);
            foreach (RuleExample example in loaded.Examples)
            {
                string? problem = Problem(detector, rule, example);
                if (problem is not null) errors.Add(new RuleError(rule.Source, example.Line, example.Column, rule.Id, problem));
            }
        }
        return errors;
    }

    /// <summary>Null when the example behaves as declared, otherwise what went wrong.</summary>
    public static string? Problem(Detector detector, Rule rule, RuleExample example)
    {
        DetectionResult result;
        try { result = detector.Detect(new Fragment(example.Text, "example", new StdinProvenance())); }
        catch (RegexMatchTimeoutException) { return "the pattern timed out on this example"; }
        // The detector turns a timeout into a diagnostic so a scan goes on; here it is the problem to report, since a
        // negative example that times out would otherwise "pass" by finding nothing.
        if (result.Diagnostics.Any(d => d.Code == DiagnosticCodes.RegexTimeout))
            return $"the pattern timed out (over {Rule.MatchTimeout.TotalSeconds:0.#} s) on this example: it backtracks catastrophically";
        if (example.Negative)
            return result.Findings.Count == 0 ? null : $"negative example is reported (secret {result.Findings[0].Secret.Masked()})";
        if (result.Findings.Count > 0) return null;
        if (!rule.Keywords.Any(k => example.Text.Contains(k, StringComparison.OrdinalIgnoreCase))) return "example contains none of the rule's keywords";
        if (!rule.Regex.IsMatch(example.Text)) return "example does not match the pattern";
        if (result.BelowEntropy > 0) return $"example's secret is below the rule's entropy {rule.MinEntropy}";
        if (result.BadChecksum > 0) return $"example's secret fails the '{rule.Checksum}' checksum";
        if (result.Suppressions.Count > 0) return $"example's secret is held back as {string.Join(", ", result.Suppressions.Keys.Select(ScanStats.StageName))}";
        return "example matches the pattern but not within the window around a keyword";
    }
}
