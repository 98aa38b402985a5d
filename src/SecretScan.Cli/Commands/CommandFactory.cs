using SecretScan.Cli.Hosting;
using SecretScan.Cli.Parsing;
using SecretScan.Rules;

namespace SecretScan.Cli.Commands;

/// <summary>From a parsed command line to a ready command: all settings are resolved and checked here, before it runs.</summary>
public static class CommandFactory
{
    public static ICommand Create(ParsedCommandLine parsed, CliHost host) => parsed switch
    {
        Invocation { Options: ScanOptions o } => new ScanCommand(ScanJobs.For(o, host)),
        Invocation { Options: RulesOptions o } => Rules(o, host),
        BaselineInvocation b => Baseline(b, host),
        Invocation { Options: PurgePlanOptions o } => PurgePlanCommand.Create(o, host),
        _ => throw new InvalidOperationException($"no command for {parsed}"),
    };

    private static ICommand Rules(RulesOptions o, CliHost host)
    {
        List<string> files = [.. o.Files.Select(host.FullPath)];
        if (o.Action is not ("list" or "check"))
            throw new UsageException(o.Action is null ? "'rules' needs an action: list or check (see 'secretscan rules --help')" : $"unknown rules action '{ArgsGuard.Mask(o.Action)}' (expected list or check)");
        if (o.Action == "list" && files.Count > 0) throw new UsageException($"'rules list' takes no file, but got '{o.Files.First()}'");
        foreach (var (given, full) in o.Files.Zip(files))
            if (!host.Files.FileExists(full)) throw new UsageException($"rule file '{given}' does not exist");
        // Checking named files needs no config: they are judged on their own.
        ScanConfig config = o.Action == "check" && files.Count > 0 ? ScanConfig.Empty : ConfigLoader.Load(o.Config, o.NoConfig, host.Environment.CurrentDirectory, host);
        List<string> ruleFiles = [.. o.Rules.Select(host.FullPath)];
        if (o.Format is not (null or "text" or "json"))
            throw new UsageException($"unknown rules list format '{ArgsGuard.Mask(o.Format)}' (expected text or json)");
        if (o.Action == "check" && (o.Provider is not null || o.Format is not null))
            throw new UsageException("--provider and --format belong to 'rules list'");
        return o.Action == "list" ? new RulesListCommand(ruleFiles, config, o.Provider, o.Format ?? "text") : new RulesCheckCommand(files, ruleFiles, config);
    }

    private static BaselineCreateCommand Baseline(BaselineInvocation b, CliHost host)
    {
        string path = host.FullPath(b.Options.Output ?? Core.Baseline.DefaultFileName);
        ScanSettingsBuilder.RequireFolder(path, "--output", host);
        return new BaselineCreateCommand(ScanJobs.For(b.Scan, host, writesReports: false), path);
    }
}
