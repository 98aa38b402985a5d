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
        IgnoreInvocation i => Ignore(i, host),
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

    private static ICommand Baseline(BaselineInvocation b, CliHost host)
    {
        string path = host.FullPath(b.Options.Output ?? Core.Baseline.DefaultFileName);
        ScanSettingsBuilder.RequireFolder(path, "--output", host);
        ScanJob scan = ScanJobs.For(b.Scan, host, writesReports: false);
        return b.Options.Action == "update" ? new BaselineUpdateCommand(scan, path, b.Options.AddNew) : new BaselineCreateCommand(scan, path);
    }

    private static IgnoreCommand Ignore(IgnoreInvocation i, CliHost host)
    {
        DateOnly? expires = null;
        if (i.Options.Expires is { } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
                throw new UsageException($"--expires must be a date like 2027-01-31, not '{ArgsGuard.Mask(text)}'");
            if (d <= DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime))
                throw new UsageException($"--expires {text} is not in the future: the finding would be reported again at once");
            expires = d;
        }
        // Without the baseline, so a finding it already holds is found (and its entry updated), not held back.
        ScanJob scan = ScanJobs.For(i.Scan, host, writesReports: false);
        string path = host.FullPath(i.Options.Baseline ?? scan.Settings.Config.Baseline ?? Core.Baseline.DefaultFileName);
        ScanSettingsBuilder.RequireFolder(path, "--baseline", host);
        string? owner = i.Options.Owner ?? GitUserEmail(host);
        return new IgnoreCommand(scan, i.Options, path, string.IsNullOrWhiteSpace(owner) ? null : owner.Trim(), expires);
    }

    /// <summary>git's own idea of who is working here (repository, then global config); null when unset or without git.</summary>
    private static string? GitUserEmail(CliHost host)
    {
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = host.Environment.CurrentDirectory };
            foreach (string a in (string[])["config", "--get", "user.email"]) psi.ArgumentList.Add(a);
            using var p = System.Diagnostics.Process.Start(psi);
            if (p is null) return null;
            string email = p.StandardOutput.ReadToEnd().Trim();
            if (!p.WaitForExit(10_000)) { p.Kill(); return null; }
            return p.ExitCode == 0 && email.Length > 0 ? email : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
