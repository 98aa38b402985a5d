using System.Globalization;
using SecretScan.Cli.Hosting;
using SecretScan.Rules;

namespace SecretScan.Cli.Commands;

/// <summary><c>rules list</c>: one line per rule that a scan here would run (built-in, --rules and config, after disables).</summary>
public sealed class RulesListCommand(IReadOnlyList<string> ruleFiles, ScanConfig config) : ICommand
{
    public int Run(CliHost host, CancellationToken cancellationToken)
    {
        var (rules, errors) = RuleCatalog.Compose(ruleFiles, config);
        if (errors.Count > 0) throw new RuleErrorsException(errors);
        TextWriter output = host.Console.Out;
        int idWidth = Math.Max(2, rules.Max(r => r.Rule.Id.Length));
        int providerWidth = Math.Max(8, rules.Max(r => r.Rule.Provider.Length));
        output.WriteLine($"{"ID".PadRight(idWidth)}  {"PROVIDER".PadRight(providerWidth)}  SEVERITY");
        foreach (LoadedRule r in rules)
            output.WriteLine($"{r.Rule.Id.PadRight(idWidth)}  {r.Rule.Provider.PadRight(providerWidth)}  {Reporting.Vocabulary.Severity(r.Rule.Severity)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rules.Count} rules from {rules.Select(r => r.Rule.Provider).Distinct().Count()} providers"));
        return ExitCodes.Clean;
    }
}
