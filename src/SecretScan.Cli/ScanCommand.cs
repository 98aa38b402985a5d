using System.Collections.Immutable;
using SecretScan.Core;
using SecretScan.Reporting;
using SecretScan.Rules;

namespace SecretScan.Cli;

/// <summary>Settings of one scan, derived from the options and the config file (options win).</summary>
public sealed record ScanSettings(
    string Format, string? Output, bool Reveal, bool Color, bool Quiet, bool Verbose, int ExitCode, int Threads,
    long MaxFileSize, PathFilter Exclude, ScanConfig Config)
{
    /// <summary>Extra reports from --report FORMAT=PATH, written after the main one.</summary>
    public IReadOnlyList<ReportTarget> Reports { get; init; } = [];
    public string? SarifCategory { get; init; }
    public Confidence MinConfidence { get; init; } = Confidence.Medium;
}

/// <summary>One --report value: a format and a file, or null for standard output ('-').</summary>
public sealed record ReportTarget(string Format, string? Path)
{
    public static ReportTarget Parse(string value)
    {
        int eq = value.IndexOf('=');
        if (eq <= 0 || eq == value.Length - 1)
            throw new UsageException($"--report: '{value}' is not FORMAT=PATH (e.g. sarif=results.sarif, or text=- for standard output)");
        string format = value[..eq].Trim().ToLowerInvariant(), path = value[(eq + 1)..];
        if (Reporters.Create(format) is null)
            throw new UsageException($"--report: unknown format '{format}' (expected one of: {string.Join(", ", Reporters.Formats)})");
        return new ReportTarget(format, path == "-" ? null : path);
    }
}

/// <summary>
/// The composition every scan verb shares: config, rules, filters, the pipeline, reporters and the exit code.
/// Verbs only say where the config is looked for and which source to scan.
/// </summary>
public static class ScanCommand
{
    public const long DefaultMaxFileSize = 10L * 1024 * 1024;

    public static int Execute(ScanOptions options, string configRoot, Func<ScanSettings, ISource> createSource, CancellationToken cancellationToken,
        bool showProgress = false, Action<ScanReport>? onReport = null)
    {
        ScanSettings settings = Settings(options, configRoot);
        var verifierOptions = VerifyStep.Requested(options) ? VerifyStep.Options(options) : null;
        var ruleWarnings = new List<Diagnostic>();
        // Rules load while the source starts (reading the git index, walking the folder): most of a pre-commit
        // scan's time is these two. A rule error still stops everything before any report is written.
        Task<Detector> detector = Task.Run(() =>
        {
            var (rules, errors) = RuleCatalog.Compose(options.Rules, settings.Config, warnings: ruleWarnings);
            if (errors.Count > 0) throw new RuleErrorsException(errors);
            return new Detector(new RuleSet(rules.Select(r => r.Rule)));
        }, cancellationToken);

        var publicEnv = new PublicEnvProbe();
        var filters = new List<IFindingFilter> { publicEnv };
        AllowlistFilter allowlist = settings.Config.Allowlist();
        if (!allowlist.IsEmpty) filters.Add(allowlist);
        if (!options.NoInlineAllow) filters.Add(new InlineMarkerFilter());
        BaselineFilter? baseline = null;
        string? baselinePath = BaselineOutput is null ? options.Baseline ?? settings.Config.Baseline : null;
        if (baselinePath is not null)
        {
            if (!File.Exists(baselinePath)) throw new UsageException($"baseline file '{baselinePath}' does not exist (create one with 'secretscan baseline create')");
            try { baseline = new BaselineFilter(Baseline.Load(baselinePath), DateOnly.FromDateTime(DateTime.UtcNow)); }
            catch (BaselineException e) { throw new UsageException(e.Message); }
            filters.Add(baseline);
        }

        ISource source = createSource(settings);
        var context = new ScanContext();
        using var progress = showProgress && !settings.Quiet && !Console.IsErrorRedirected ? new ProgressLine(context) : null;
        var pipeline = new ScanPipeline(detector, filters, settings.Threads)
        {
            OnFragmentScanned = progress is null ? null : progress.Findings,
        };
        ScanReport report = pipeline.Run(source, context, cancellationToken);
        progress?.Dispose();
        ImmutableArray<Finding> assessed = FindingAssessor.Apply(report.Findings, settings.MinConfidence, publicEnv.ReadsPublicEnv, out int belowConfidence);
        report = report with { Findings = assessed, Stats = report.Stats with { BelowConfidence = belowConfidence } };
        if (baseline is not null)
            report = report with { Diagnostics = [.. report.Diagnostics, .. baseline.Diagnostics(options.ReportUnused)] };
        if (ruleWarnings.Count > 0) report = report with { Diagnostics = [.. ruleWarnings, .. report.Diagnostics] };
        if (verifierOptions is not null) report = VerifyStep.Apply(report, options, verifierOptions, cancellationToken);
        onReport?.Invoke(report);
        if (BaselineOutput is not null) return WriteBaseline(report, BaselineOutput, settings);

        WriteDiagnostics(report, settings);
        IReporter reporter = Reporters.Create(settings.Format)!;
        // Colour only ever goes to the terminal, whichever of the reports is written there.
        var reportOptions = new ReportOptions(settings.Reveal, settings.Color && settings.Output is null, settings.Verbose, Version, settings.SarifCategory);
        if (!(settings.Quiet && settings.Format == "text" && report.Findings.IsEmpty))
            WriteReport(reporter, report, settings.Output, reportOptions);
        // One scan, several outputs: every extra report is made from the same ScanReport, so they always agree.
        foreach (ReportTarget target in settings.Reports)
            WriteReport(Reporters.Create(target.Format)!, report, target.Path, reportOptions with { Color = settings.Color && target.Path is null });
        return report.Findings.IsEmpty ? ExitCodes.Clean : settings.ExitCode;
    }

    /// <summary>Set by <c>baseline create</c>: the scan's findings go to this baseline file instead of a report.</summary>
    public static string? BaselineOutput { get; set; }

    private static int WriteBaseline(ScanReport report, string path, ScanSettings settings)
    {
        Baseline? previous = null;
        if (File.Exists(path))
        {
            try { previous = Baseline.Load(path); }
            catch (BaselineException e) { throw new UsageException(e.Message + " (fix or delete it before re-creating)"); }
        }
        Baseline baseline = Baseline.FromFindings(report.Findings, previous);
        using (FileStream file = ReportFiles.Create(path)) baseline.Save(file);
        if (!settings.Quiet)
            Console.Error.WriteLine($"secretscan: wrote {baseline.Entries.Length} baseline entr{(baseline.Entries.Length == 1 ? "y" : "ies")} to {path}");
        return ExitCodes.Clean;
    }

    public static string Version =>
        typeof(ScanCommand).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    public static ScanSettings Settings(ScanOptions o, string configRoot)
    {
        ScanConfig config = LoadConfig(o.Config, o.NoConfig, configRoot);
        string format = o.Format ?? config.Format ?? "text";
        if (Reporters.Create(format) is null)
            throw new UsageException($"unknown format '{format}' (expected one of: {string.Join(", ", Reporters.Formats)})");
        long maxSize = config.MaxFileSize ?? DefaultMaxFileSize;
        if (o.MaxFileSize is not null && !ByteSize.TryParse(o.MaxFileSize, out maxSize))
            throw new UsageException($"--max-file-size: '{o.MaxFileSize}' is not a size such as 10MB, 512KB or 1048576");
        if (o.Threads is < 0) throw new UsageException("--threads must be 0 (one per core) or more");
        if (o.ExitCode is < 0 or > 255) throw new UsageException("--exit-code must be between 0 and 255");
        List<ReportTarget> reports = [.. o.Reports.Select(ReportTarget.Parse)];
        if (reports.Count(r => r.Path is null) + (o.Output is null ? 1 : 0) > 1)
            throw new UsageException("--report: only one report can go to standard output (give the main report a file with -o, or the extra one a path)");
        var paths = reports.Where(r => r.Path is not null).Select(r => Path.GetFullPath(r.Path!)).Concat(o.Output is null ? [] : [Path.GetFullPath(o.Output)]).ToList();
        if (paths.Distinct(StringComparer.Ordinal).Count() != paths.Count)
            throw new UsageException("--report: two reports would be written to the same file");
        Confidence minConfidence = Confidence.Medium;
        if (o.MinConfidence is not null && !ConfidenceNames.TryParse(o.MinConfidence, out minConfidence))
            throw new UsageException($"--min-confidence: '{o.MinConfidence}' is not one of: high, medium, low");
        if (o.SarifCategory is not null && string.IsNullOrWhiteSpace(o.SarifCategory))
            throw new UsageException("--sarif-category needs a value");
        bool toTerminal = o.Output is null || reports.Any(r => r.Path is null);
        bool color = !o.NoColor && toTerminal && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null or "";
        return new ScanSettings(format, o.Output, o.Reveal, color, o.Quiet, o.Verbose, o.ExitCode ?? ExitCodes.Findings, o.Threads ?? 0,
            maxSize, new PathFilter(o.Exclude.Concat(config.Exclude)), config)
        {
            Reports = reports,
            SarifCategory = o.SarifCategory,
            MinConfidence = minConfidence,
        };
    }

    /// <summary>An explicit --config must exist; the root's .secretscan.yaml is used when present unless --no-config.</summary>
    public static ScanConfig LoadConfig(string? explicitPath, bool noConfig, string root)
    {
        string? path = explicitPath;
        if (path is not null && !File.Exists(path)) throw new UsageException($"config file '{path}' does not exist");
        if (path is null && !noConfig)
        {
            string candidate = Path.Combine(root, ScanConfig.FileName);
            if (File.Exists(candidate)) path = candidate;
        }
        if (path is null) return ScanConfig.Empty;
        var errors = new List<RuleError>();
        ScanConfig config = ScanConfig.Load(path, errors);
        if (errors.Count > 0) throw new RuleErrorsException(errors);
        return config;
    }

    private static void WriteDiagnostics(ScanReport report, ScanSettings settings)
    {
        if (settings.Quiet) return;
        foreach (Diagnostic d in report.Diagnostics)
            if (settings.Verbose || d.Level != DiagnosticLevel.Note) Console.Error.WriteLine($"secretscan: {d}");
    }

    public static void WriteReport(IReporter reporter, ScanReport report, string? path, ReportOptions options)
    {
        if (path is null)
        {
            using Stream stdout = Console.OpenStandardOutput();
            reporter.Write(report, stdout, options);
            return;
        }
        using FileStream file = ReportFiles.Create(path);
        reporter.Write(report, file, options);
    }
}

public static class ReportFiles
{
    /// <summary>
    /// Reports can hold paths and (with --reveal) secrets: on Unix a new report file is created readable by its owner
    /// only. An existing file keeps its mode: it may be a device such as /dev/null that must never be chmod-ed.
    /// </summary>
    public static FileStream Create(string path)
    {
        try
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            var stream = new FileStream(path, fileOptions);
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write report '{path}': {e.Message}");
        }
    }
}
