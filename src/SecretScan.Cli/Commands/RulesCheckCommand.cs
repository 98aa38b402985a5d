using System.Globalization;
using SecretScan.Cli.Hosting;
using SecretScan.Rules;

namespace SecretScan.Cli.Commands;

/// <summary>
/// <c>rules check [FILE...]</c>: compiles the rules and runs every example and negative example. With files, only
/// those files are checked (a rule author's loop); without, everything a scan here would run.
/// </summary>
public sealed class RulesCheckCommand(IReadOnlyList<string> files, IReadOnlyList<string> ruleFiles, ScanConfig config) : ICommand
{
    public int Run(CliHost host, CancellationToken cancellationToken)
    {
        List<LoadedRule> rules;
        var errors = new List<RuleError>();
        if (files.Count > 0)
        {
            RuleLoadResult loaded = RuleLoader.Load([.. files.Select(f => new RuleFileText(f, host.Files.ReadAllText(f)))], compile: true);
            rules = loaded.Rules;
            errors.AddRange(loaded.Errors);
        }
        else
        {
            (rules, var composeErrors) = RuleCatalog.Compose(ruleFiles, config, withExamples: true);
            errors.AddRange(composeErrors);
        }
        errors.AddRange(RuleChecker.Check(rules));
        foreach (RuleError e in errors) host.Console.Out.WriteLine(e);
        int examples = rules.Sum(r => r.Examples.Count(e => !e.Negative));
        int negatives = rules.Sum(r => r.Examples.Count(e => e.Negative));
        host.Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rules.Count} rules, {rules.Select(r => r.Rule.Provider).Distinct().Count()} providers, {examples} examples, {negatives} negative examples: {(errors.Count == 0 ? "all passed" : $"{errors.Count} problem(s)")}"));
        return errors.Count == 0 ? ExitCodes.Clean : ExitCodes.Findings;
    }
}
