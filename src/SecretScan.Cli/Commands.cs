using System.Globalization;
using SecretScan.Core;
using SecretScan.Rules;

namespace SecretScan.Cli;

public static class DirCommand
{
    public static int Run(DirOptions o, CancellationToken cancellationToken)
    {
        string path = o.Path ?? ".";
        if (!Directory.Exists(path) && !File.Exists(path)) throw new UsageException($"path '{path}' does not exist");
        string root = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        return ScanCommand.Execute(o, root, s => new DirectorySource(path, s.Exclude, s.MaxFileSize), cancellationToken);
    }
}

public static class StdinCommand
{
    public static int Run(StdinOptions o, CancellationToken cancellationToken)
    {
        string hint = (o.PathHint ?? "stdin").Replace('\\', '/');
        return ScanCommand.Execute(o, Directory.GetCurrentDirectory(),
            s => new StdinSource(Console.OpenStandardInput(), hint, s.MaxFileSize), cancellationToken);
    }
}

public static class RulesCommand
{
    public static int Run(RulesOptions o)
    {
        switch (o.Action)
        {
            case "list":
            {
                ScanConfig config = ScanCommand.LoadConfig(o.Config, o.NoConfig, Directory.GetCurrentDirectory());
                var (rules, errors) = RuleCatalog.Compose(o.Rules, config);
                if (errors.Count > 0) throw new RuleErrorsException(errors);
                List<LoadedRule> shown = RuleListing.ForProvider(rules, o.Provider);
                if (shown.Count == 0) throw new UsageException($"no rule has a provider matching '{o.Provider}' (see 'secretscan rules list')");
                switch (o.Format ?? "text")
                {
                    case "text": Console.Out.Write(RuleListing.Text(shown)); break;
                    case "json": Console.Out.WriteLine(RuleListing.Json(shown)); break;
                    default: throw new UsageException($"unknown rules list format '{o.Format}' (expected text or json)");
                }
                return ExitCodes.Clean;
            }
            case "check":
                return Check(o);
            default:
                throw new UsageException(o.Action is null ? "'rules' needs an action: list or check" : $"unknown rules action '{o.Action}' (expected list or check)");
        }
    }

    private static int Check(RulesOptions o)
    {
        var files = o.Files.ToList();
        List<LoadedRule> rules;
        var errors = new List<RuleError>();
        if (files.Count > 0)
        {
            var texts = new List<RuleFileText>();
            foreach (string f in files)
            {
                if (!File.Exists(f)) throw new UsageException($"rule file '{f}' does not exist");
                texts.Add(new RuleFileText(f, File.ReadAllText(f)));
            }
            RuleLoadResult loaded = RuleLoader.Load(texts, compile: true);
            rules = loaded.Rules;
            errors.AddRange(loaded.Errors);
        }
        else
        {
            ScanConfig config = ScanCommand.LoadConfig(o.Config, o.NoConfig, Directory.GetCurrentDirectory());
            (rules, var composeErrors) = RuleCatalog.Compose(o.Rules, config);
            errors.AddRange(composeErrors);
        }
        errors.AddRange(RuleChecker.Check(rules));
        foreach (RuleError e in errors) Console.Out.WriteLine(e);
        int examples = rules.Sum(r => r.Examples.Count(e => !e.Negative));
        int negatives = rules.Sum(r => r.Examples.Count(e => e.Negative));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rules.Count} rules, {rules.Select(r => r.Rule.Provider).Distinct().Count()} providers, {examples} examples, {negatives} negative examples: {(errors.Count == 0 ? "all passed" : $"{errors.Count} problem(s)")}"));
        return errors.Count == 0 ? ExitCodes.Clean : ExitCodes.Findings;
    }
}

public static class BaselineCommand
{
    public static int Run(BaselineOptions o)
    {
        if (o.Action != "create")
            throw new UsageException(o.Action is null ? "'baseline' needs an action: create" : $"unknown baseline action '{o.Action}' (expected create)");
        string[] scan = [.. o.Scan];
        if (scan.Length == 0 || scan[0] is "baseline" or "rules")
            throw new UsageException("'baseline create' needs a scan command after it, e.g. 'secretscan baseline create dir .'");
        ScanCommand.BaselineOutput = o.Output ?? Baseline.DefaultFileName;
        try { return Program.Run(scan); }
        finally { ScanCommand.BaselineOutput = null; }
    }
}
