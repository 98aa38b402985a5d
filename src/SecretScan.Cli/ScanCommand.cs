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
}

/// <summary>Reads a file of the scanned repository by its path relative to the root; null when it is not there.</summary>
public delegate string? RepositoryFileReader(string relativePath);

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

    /// <param name="repositoryFiles">
    /// Where the root's config and baseline are read from when not the working tree: <c>staged</c> judges the commit
    /// with the config the commit carries (the index), so an untracked or unstaged config cannot silence it.
    /// </param>
    public static int Execute(ScanOptions options, string configRoot, Func<ScanSettings, ISource> createSource, CancellationToken cancellationToken,
        bool showProgress = false, Action<ScanReport>? onReport = null, RepositoryFileReader? repositoryFiles = null)
    {
        ScanSettings settings = Settings(options, configRoot, repositoryFiles);
        int disabledRules = 0;
        var verifierOptions = VerifyStep.Requested(options) ? VerifyStep.Options(options) : null;
        var ruleWarnings = new List<Diagnostic>();
        // Rules load while the source starts (reading the git index, walking the folder): most of a pre-commit
        // scan's time is these two. A rule error still stops everything before any report is written.
        Task<Detector> detector = Task.Run(() =>
        {
            var (rules, errors) = RuleCatalog.Compose(options.Rules, settings.Config, warnings: ruleWarnings);
            if (errors.Count > 0) throw new RuleErrorsException(errors);
            disabledRules = settings.Config.Disable.Distinct(StringComparer.Ordinal).Count();
            return new Detector(new RuleSet(rules.Select(r => r.Rule)));
        }, cancellationToken);

        var filters = new List<IFindingFilter>();
        AllowlistFilter allowlist = settings.Config.Allowlist();
        if (!allowlist.IsEmpty) filters.Add(allowlist);
        if (!options.NoInlineAllow) filters.Add(new InlineMarkerFilter());
        BaselineFilter? baseline = null;
        string? baselinePath = BaselineOutput is null ? options.Baseline ?? settings.Config.Baseline : null;
        if (baselinePath is not null)
        {
            bool fromRepository = repositoryFiles is not null && options.Baseline is null;
            string? indexed = fromRepository ? repositoryFiles!(RepositoryRelative(configRoot, baselinePath)) : null;
            if (fromRepository && indexed is null)
                throw new UsageException($"baseline file '{baselinePath}' named by the config is not staged (git add it; the check reads the baseline the commit carries)");
            if (!fromRepository && !File.Exists(baselinePath)) throw new UsageException($"baseline file '{baselinePath}' does not exist (create one with 'secretscan baseline create')");
            try { baseline = new BaselineFilter(indexed is not null ? Baseline.Parse(baselinePath, indexed) : Baseline.Load(baselinePath), DateOnly.FromDateTime(DateTime.UtcNow)); }
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
        if (baseline is not null)
            report = report with { Diagnostics = [.. report.Diagnostics, .. baseline.Diagnostics(options.ReportUnused)] };
        report = report with
        {
            Diagnostics = [.. ConfigDiagnostics(settings.Config, disabledRules, report.Rules.Length), .. ruleWarnings, .. report.Diagnostics, .. SkipSummary(report)],
            Stats = report.Stats with { DisabledRules = disabledRules },
        };
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

    /// <summary>
    /// What the config holds back, said in every report format (and by the hook, which shows warnings): suppression
    /// that is counted but never named would let a config switch the check off in silence.
    /// </summary>
    private static IEnumerable<Diagnostic> ConfigDiagnostics(ScanConfig config, int disabledRules, int rulesLeft)
    {
        foreach (ConfigWarning w in config.Warnings)
            yield return new Diagnostic(w.Setting == "trust_repository_config" ? DiagnosticCodes.ConfigDistrusted : DiagnosticCodes.ConfigHoldsBack,
                DiagnosticLevel.Warning, w.Source, $"line {w.Line}, column {w.Column}: {w.Message} ({w.Setting})");
        if (disabledRules > 0)
            yield return new Diagnostic(DiagnosticCodes.RulesDisabled, rulesLeft == 0 ? DiagnosticLevel.Warning : DiagnosticLevel.Note, config.Source,
                rulesLeft == 0
                    ? $"'disable' turns off every rule ({disabledRules}): nothing can be found (disable)"
                    : $"{disabledRules} rule(s) disabled by the config: {string.Join(", ", config.Disable.Distinct(StringComparer.Ordinal).Select(Quoting.Safe))} (disable)");
    }

    /// <summary>
    /// Per-file skips of binary, oversized and LFS content are notes (listed with -v); their total is one warning, so
    /// that what was not scanned is always seen, also through the hook, without a line per image.
    /// </summary>
    private static IEnumerable<Diagnostic> SkipSummary(ScanReport report)
    {
        var notes = report.Diagnostics.Where(d => d.Level == DiagnosticLevel.Note && d.Code is DiagnosticCodes.Binary or DiagnosticCodes.TooLarge or DiagnosticCodes.Skipped && d.Path is not null).ToList();
        if (notes.Count == 0) yield break;
        string parts = string.Join(", ", notes.GroupBy(d => d.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key switch
        {
            DiagnosticCodes.Binary => $"{g.Count()} binary",
            DiagnosticCodes.TooLarge => $"{g.Count()} over the size limit",
            _ => $"{g.Count()} LFS pointer(s) or submodule(s)",
        }));
        yield return new Diagnostic(DiagnosticCodes.SkippedSummary, DiagnosticLevel.Warning, null, $"{notes.Count} item(s) not scanned: {parts} (-v lists them)");
    }

    private static string RepositoryRelative(string root, string path) => Path.GetRelativePath(Path.GetFullPath(root), path).Replace('\\', '/');

    public static ScanSettings Settings(ScanOptions o, string configRoot, RepositoryFileReader? repositoryFiles = null)
    {
        ScanConfig config = LoadConfig(o.Config, o.NoConfig, configRoot, repositoryFiles);
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
        if (o.SarifCategory is not null && string.IsNullOrWhiteSpace(o.SarifCategory))
            throw new UsageException("--sarif-category needs a value");
        bool toTerminal = o.Output is null || reports.Any(r => r.Path is null);
        bool color = !o.NoColor && toTerminal && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null or "";
        return new ScanSettings(format, o.Output, o.Reveal, color, o.Quiet, o.Verbose, o.ExitCode ?? ExitCodes.Findings, o.Threads ?? 0,
            maxSize, new PathFilter(o.Exclude.Concat(config.Exclude)), config)
        {
            Reports = reports,
            SarifCategory = o.SarifCategory,
        };
    }

    /// <summary>
    /// An explicit --config must exist and is trusted (the user chose it). The root's .secretscan.yaml is used when
    /// present unless --no-config; it comes with the code it judges, so the user policy may forbid it to weaken the scan.
    /// </summary>
    public static ScanConfig LoadConfig(string? explicitPath, bool noConfig, string root, RepositoryFileReader? repositoryFiles = null)
    {
        var errors = new List<RuleError>();
        UserPolicy policy = UserPolicy.Load(UserPolicy.DefaultPath(), errors);
        if (errors.Count > 0) throw new RuleErrorsException(errors);
        if (explicitPath is not null)
        {
            if (!File.Exists(explicitPath)) throw new UsageException($"config file '{explicitPath}' does not exist");
            return Checked(ScanConfig.Load(explicitPath, errors), errors);
        }
        if (noConfig) return ScanConfig.Empty;
        string candidate = Path.Combine(root, ScanConfig.FileName);
        ScanConfig config;
        if (repositoryFiles is not null)
        {
            if (repositoryFiles(ScanConfig.FileName) is not { } text) return ScanConfig.Empty;
            config = Checked(ScanConfig.Parse(candidate, text, errors), errors);
        }
        else
        {
            if (!File.Exists(candidate)) return ScanConfig.Empty;
            config = Checked(ScanConfig.Load(candidate, errors), errors);
        }
        if (policy.TrustRepositoryConfig) return config;
        ScanConfig kept = config.WithoutWeakening(out List<string> dropped);
        if (dropped.Count == 0) return kept;
        return kept with
        {
            Warnings = [.. kept.Warnings, new ConfigWarning(policy.Source ?? "user config", 1, 1, "trust_repository_config",
                $"the user policy does not trust repository configs: {candidate} may add rules but its {string.Join(", ", dropped)} setting(s) were ignored")],
        };
    }

    private static ScanConfig Checked(ScanConfig config, List<RuleError> errors) =>
        errors.Count > 0 ? throw new RuleErrorsException(errors) : config;

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
