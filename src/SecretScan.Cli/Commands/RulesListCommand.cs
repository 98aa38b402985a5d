using SecretScan.Cli.Hosting;
using SecretScan.Rules;

namespace SecretScan.Cli.Commands;

/// <summary>
/// <c>rules list</c>: one line (or JSON object) per rule that a scan here would run (built-in, --rules and config,
/// after disables), optionally only one provider's.
/// </summary>
public sealed class RulesListCommand(IReadOnlyList<string> ruleFiles, ScanConfig config, string? provider, string format) : ICommand
{
    public int Run(CliHost host, CancellationToken cancellationToken)
    {
        var (rules, errors) = RuleCatalog.Compose(ruleFiles, config, withExamples: true);
        if (errors.Count > 0) throw new RuleErrorsException(errors);
        List<LoadedRule> shown = RuleListing.ForProvider(rules, provider);
        if (shown.Count == 0) throw new UsageException($"no rule has a provider matching '{provider}' (see 'secretscan rules list')");
        if (format == "json") host.Console.Out.WriteLine(RuleListing.Json(shown));
        else host.Console.Out.Write(RuleListing.Text(shown));
        return ExitCodes.Clean;
    }
}
