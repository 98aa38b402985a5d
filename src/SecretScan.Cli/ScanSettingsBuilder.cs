using SecretScan.Cli.Hosting;
using SecretScan.Cli.Parsing;
using SecretScan.Core;
using SecretScan.Reporting;
using SecretScan.Rules;

namespace SecretScan.Cli;

/// <summary>Turns a scan verb's options into <see cref="ScanSettings"/>: every check that can fail before scanning fails here.</summary>
public static class ScanSettingsBuilder
{
    public const long DefaultMaxFileSize = 10L * 1024 * 1024;

    /// <param name="configRoot">Where the verb looks for .secretscan.yaml: the scanned folder or repository root.</param>
    /// <param name="writesReports">False for 'baseline create', whose output is the baseline file, not a report.</param>
    /// <param name="repositoryFiles">For <c>staged</c>: the config and its baseline are read from the index.</param>
    public static ScanSettings Build(ScanOptions o, string configRoot, CliHost host, bool writesReports = true, RepositoryFileReader? repositoryFiles = null)
    {
        ScanConfig config = ConfigLoader.Load(o.Config, o.NoConfig, configRoot, host, repositoryFiles);
        string format = o.Format ?? config.Format ?? "text";
        if (!Reporters.Formats.Contains(format))
            throw new UsageException($"unknown format '{ArgsGuard.Mask(format)}' (expected one of: {string.Join(", ", Reporters.Formats)})");
        long maxSize = config.MaxFileSize ?? DefaultMaxFileSize;
        if (o.MaxFileSize is not null && !ByteSize.TryParse(o.MaxFileSize, out maxSize))
            throw new UsageException($"--max-file-size: '{ArgsGuard.Mask(o.MaxFileSize)}' is not a size such as 10MB, 512KB or 1048576");
        if (o.Threads is < 0) throw new UsageException($"--threads must be 0 (one per core) or more, not {o.Threads}");
        if (o.MaxDecodeDepth is < 0 or > 8) throw new UsageException($"--max-decode-depth must be between 0 (off) and 8, not {o.MaxDecodeDepth}");
        if (o.ExitCode is < 0 or > 255) throw new UsageException($"--exit-code must be between 0 and 255, not {o.ExitCode}");
        if (o.SarifCategory is not null && string.IsNullOrWhiteSpace(o.SarifCategory)) throw new UsageException("--sarif-category needs a value");
        if (o.Redact is < 0 or > 100) throw new UsageException($"--redact must be a percent from 0 to 100 (the share of each secret shown), not {o.Redact}");
        if (o.Redact is not null && o.Reveal) throw new UsageException("--redact and --reveal contradict each other: --reveal shows every secret in full (the same as --redact 100)");
        Confidence minConfidence = Confidence.Medium;
        if (o.MinConfidence is not null && !ConfidenceNames.TryParse(o.MinConfidence, out minConfidence))
            throw new UsageException($"--min-confidence: '{ArgsGuard.Mask(o.MinConfidence)}' is not one of: high, medium, low");

        string? output = o.Output is null ? null : host.FullPath(o.Output);
        List<ReportTarget> reports = [.. o.Reports.Select(r => ReportTarget.Parse(r, host.FullPath))];
        if (writesReports) CheckTargets(output, reports, host);

        bool toTerminal = output is null || reports.Any(r => r.Path is null);
        bool color = !o.NoColor && toTerminal && !host.Console.IsOutputRedirected && host.Environment.GetVariable("NO_COLOR") is null or "";
        DateOnly today = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime);
        return new ScanSettings
        {
            Format = format,
            Output = output,
            Reports = reports,
            SarifCategory = o.SarifCategory,
            Reveal = o.Reveal || o.Redact == 100,
            RedactPercent = o.Redact is < 100 ? o.Redact : null,
            Color = color,
            Quiet = o.Quiet,
            Verbose = o.Verbose,
            ExitCodeOnFindings = o.ExitCode ?? ExitCodes.Findings,
            Threads = o.Threads ?? 0,
            MaxFileSize = maxSize,
            MinConfidence = minConfidence,
            MaxDecodeDepth = o.MaxDecodeDepth ?? Detector.DefaultMaxDecodeDepth,
            Exclude = new PathFilter(o.Exclude.Concat(config.Exclude)),
            Config = config,
            RuleFiles = [.. o.Rules.Select(host.FullPath)],
            ConfigRuleFileTexts = repositoryFiles is null ? null : StagedRuleFiles(config, configRoot, repositoryFiles),
            InlineAllow = !o.NoInlineAllow,
            // 'baseline create' records findings: an existing baseline must not hide the ones it is re-recording.
            Baseline = writesReports ? LoadBaseline(o.Baseline, config.Baseline, configRoot, host, repositoryFiles) : null,
            ReportUnusedBaselineEntries = o.ReportUnused,
            Verification = VerifyStep.Requested(o) ? VerifyStep.Options(o) : null,
            OnlyVerified = o.OnlyVerified,
            Today = today,
        };
    }

    /// <summary>Report files must be writable places, distinct, and at most one report may take standard output.</summary>
    private static void CheckTargets(string? output, List<ReportTarget> reports, CliHost host)
    {
        if (reports.Count(r => r.Path is null) + (output is null ? 1 : 0) > 1)
            throw new UsageException("--report: only one report can go to standard output (give the main report a file with -o, or the extra one a path)");
        List<string> paths = [.. reports.Where(r => r.Path is not null).Select(r => r.Path!), .. output is null ? [] : new[] { output }];
        if (paths.Distinct(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase).Count() != paths.Count)
            throw new UsageException("--report: two reports would be written to the same file");
        foreach (string path in paths) RequireFolder(path, path == output ? "--output" : "--report", host);
    }

    /// <summary>Fails before the scan, not after minutes of it, when a report could not be written.</summary>
    public static void RequireFolder(string path, string option, CliHost host)
    {
        string? folder = Path.GetDirectoryName(path);
        if (folder is not null && !host.Files.DirectoryExists(folder))
            throw new UsageException($"{option}: cannot write '{path}': the folder '{folder}' does not exist");
    }

    /// <summary>
    /// The rule files a repository's config names come with the config: for a staged scan, the ones the commit carries.
    /// One that is not staged fails the check rather than being read from the working tree or skipped.
    /// </summary>
    private static Dictionary<string, string> StagedRuleFiles(ScanConfig config, string configRoot, RepositoryFileReader repositoryFiles)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string full in config.RuleFiles)
        {
            string relative = Path.GetRelativePath(Path.GetFullPath(configRoot), full).Replace('\\', '/');
            texts[full] = repositoryFiles(relative)
                ?? throw new UsageException($"rule file '{relative}' named by the config (rule_files) is not staged (git add it; the check reads the rules the commit carries)");
        }
        return texts;
    }

    /// <summary>
    /// An explicit --baseline is the user's file; the config's baseline belongs to the repository, so for a staged scan
    /// it must be the one the commit carries (a baseline left unstaged cannot hold findings back).
    /// </summary>
    private static Baseline? LoadBaseline(string? explicitPath, string? configPath, string configRoot, CliHost host, RepositoryFileReader? repositoryFiles)
    {
        string? path = explicitPath ?? configPath;
        if (path is null) return null;
        string full = host.FullPath(path);
        try
        {
            if (explicitPath is null && repositoryFiles is not null)
            {
                string relative = Path.GetRelativePath(Path.GetFullPath(configRoot), full).Replace('\\', '/');
                string text = repositoryFiles(relative)
                    ?? throw new UsageException($"baseline file '{path}' named by the config is not staged (git add it; the check reads the baseline the commit carries)");
                return Baseline.Parse(full, text);
            }
            if (!host.Files.FileExists(full)) throw new UsageException($"baseline file '{path}' does not exist (create one with 'secretscan baseline create')");
            return Baseline.Load(full);
        }
        catch (BaselineException e) { throw new UsageException(e.Message); }
    }
}
