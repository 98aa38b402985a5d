using SecretScan.Core;

namespace SecretScan.Rules;

/// <summary>
/// Composes the rules of a scan: the embedded defaults, then rule files given with <c>--rules</c> or by the config,
/// then the config's inline rules. A later rule with a default's id replaces it in place; the config then
/// disables and tunes by id. Every mistake, in any file, is collected before anything is scanned.
/// </summary>
public static class RuleCatalog
{
    /// <param name="warnings">Receives one warning per verifier dropped from a config rule (see below).</param>
    /// <param name="withExamples">The default rules with their examples (parsed from YAML); a scan needs none and reads the pre-parsed pack.</param>
    /// <param name="configRuleFileTexts">
    /// The text of the config's rule files when they are not to be read from disk (a staged scan reads them from the
    /// index), by full path.
    /// </param>
    public static (List<LoadedRule> Rules, List<RuleError> Errors) Compose(IEnumerable<string> userRuleFiles, ScanConfig config, bool includeDefaults = true,
        ICollection<Diagnostic>? warnings = null, bool withExamples = false, IReadOnlyDictionary<string, string>? configRuleFileTexts = null)
    {
        var errors = new List<RuleError>();
        var rules = new List<LoadedRule>();
        if (includeDefaults)
        {
            RuleLoadResult defaults = withExamples ? RuleLoader.Load(RuleLoader.DefaultFiles(), compile: false) : RuleLoader.LoadDefaults();
            errors.AddRange(defaults.Errors);
            rules.AddRange(defaults.Rules);
        }

        var userFiles = new List<RuleFileText>();
        var configFiles = new HashSet<string>(config.RuleFiles, StringComparer.Ordinal);
        configFiles.ExceptWith(userRuleFiles);
        foreach (string path in config.RuleFiles.Concat(userRuleFiles))
        {
            if (configFiles.Contains(path) && configRuleFileTexts?.GetValueOrDefault(path) is { } staged)
            {
                if (staged.Length > InputLimits.MaxRuleFileBytes) errors.Add(new RuleError(path, 1, 1, "", $"rule file is larger than {InputLimits.MaxRuleFileBytes} bytes"));
                else userFiles.Add(new RuleFileText(path, staged));
            }
            else if (InputLimits.ReadText(path, InputLimits.MaxRuleFileBytes, errors, "rule file") is { } text) userFiles.Add(new RuleFileText(path, text));
        }
        RuleLoadResult user = RuleLoader.Load(userFiles, compile: true);
        errors.AddRange(user.Errors);
        // A repository's config must not add or redirect verifiers: --verify would send the user's keys wherever the
        // repository says. Only the defaults and the --rules files the user names keep theirs.
        List<LoadedRule> fromConfig = [.. user.Rules.Where(r => configFiles.Contains(r.Rule.Source)), .. config.Rules];
        foreach (LoadedRule rule in user.Rules.Concat(config.Rules))
        {
            LoadedRule composed = rule;
            if (rule.Rule.Verify is not null && fromConfig.Contains(rule))
            {
                composed = rule with { Rule = rule.Rule with { Verify = null } };
                warnings?.Add(new Diagnostic(DiagnosticCodes.VerifierIgnored, DiagnosticLevel.Warning, rule.Rule.Source is { Length: > 0 } s ? s : config.Source,
                    $"rule '{rule.Rule.Id}' (line {rule.Line}): its verify block is ignored: a repository's config cannot add or change verifiers (pass the file with --rules to trust it)"));
            }
            int existing = rules.FindIndex(r => r.Rule.Id == composed.Rule.Id);
            if (existing >= 0) rules[existing] = composed;
            else rules.Add(composed);
        }

        var known = rules.Select(r => r.Rule.Id).ToHashSet(StringComparer.Ordinal);
        foreach (string id in config.Disable.Where(id => !known.Contains(id)))
            errors.Add(new RuleError(config.Source ?? ScanConfig.FileName, 1, 1, Quoting.Safe(id), "'disable' names a rule that does not exist"));
        foreach (var (id, o) in config.Overrides)
        {
            int index = rules.FindIndex(r => r.Rule.Id == id);
            if (index < 0) { errors.Add(new RuleError(config.Source ?? ScanConfig.FileName, o.Line, o.Column, Quoting.Safe(id), "'override' names a rule that does not exist")); continue; }
            LoadedRule r = rules[index];
            rules[index] = r with { Rule = r.Rule with
            {
                MinEntropy = o.Entropy ?? r.Rule.MinEntropy,
                Paths = o.Paths is { } p ? new PathFilter(p) : r.Rule.Paths,
                Severity = o.Severity ?? r.Rule.Severity,
            } };
        }
        rules.RemoveAll(r => config.Disable.Contains(r.Rule.Id));
        return (rules, errors);
    }
}
