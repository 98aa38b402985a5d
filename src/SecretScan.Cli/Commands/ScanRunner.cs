using System.Collections.Immutable;
using SecretScan.Cli.Hosting;
using SecretScan.Core;
using SecretScan.Reporting;
using SecretScan.Rules;

namespace SecretScan.Cli.Commands;

/// <summary>Config, rules, filters and the pipeline for one <see cref="ScanJob"/>: the part every scan verb shares.</summary>
public static class ScanRunner
{
    public static ScanReport Run(ScanJob job, CliHost host, CancellationToken cancellationToken)
    {
        ScanSettings s = job.Settings;
        var ruleWarnings = new List<Diagnostic>();
        int disabledRules = 0;
        // Rules load while the source starts (reading the git index, walking the folder): most of a pre-commit
        // scan's time is these two. A rule error still stops everything before any report is written.
        Task<Detector> detector = Task.Run(() =>
        {
            var (rules, errors) = RuleCatalog.Compose(s.RuleFiles, s.Config, warnings: ruleWarnings, configRuleFileTexts: s.ConfigRuleFileTexts);
            if (errors.Count > 0) throw new RuleErrorsException(errors);
            disabledRules = s.Config.Disable.Distinct(StringComparer.Ordinal).Count();
            return new Detector(new RuleSet(rules.Select(r => r.Rule))) { MaxDecodeDepth = s.MaxDecodeDepth };
        }, cancellationToken);

        // Watches every fragment for code that reads browser-exposed variables (NEXT_PUBLIC_, VITE_, ...), so findings in
        // those files can say the key is public.
        var publicEnv = new PublicEnvProbe();
        var filters = new List<IFindingFilter> { publicEnv };
        AllowlistFilter allowlist = s.Config.Allowlist();
        if (!allowlist.IsEmpty) filters.Add(allowlist);
        if (s.InlineAllow) filters.Add(new InlineMarkerFilter());
        BaselineFilter? baseline = s.Baseline is null ? null : new BaselineFilter(s.Baseline, s.Today);
        if (baseline is not null) filters.Add(baseline);

        ISource source = job.CreateSource();
        var context = new ScanContext();
        using ProgressLine? progress = job.ShowProgress && !s.Quiet && !host.Console.IsErrorRedirected ? new ProgressLine(context, host.Console.Error, host.Clock) : null;
        var pipeline = new ScanPipeline(detector, filters, s.Threads)
        {
            OnFindingKept = progress is null ? null : progress.Found,
        };
        ScanReport report;
        try { report = pipeline.Run(source, context, cancellationToken); }
        catch (AggregateException e) when (e.InnerException is RuleErrorsException or OperationCanceledException) { throw e.InnerException; }
        progress?.Dispose();
        ImmutableArray<Finding> assessed = FindingAssessor.Apply(report.Findings, s.MinConfidence, publicEnv.ReadsPublicEnv, out int belowConfidence);
        report = report with { Findings = assessed, Stats = report.Stats with { BelowConfidence = belowConfidence } };
        IEnumerable<Diagnostic> diagnostics = ConfigDiagnostics(s.Config, disabledRules, report.Rules.Length).Concat(ruleWarnings).Concat(report.Diagnostics).Concat(SkipSummary(report));
        report = report with { Stats = report.Stats with { DisabledRules = disabledRules } };
        if (baseline is not null) diagnostics = diagnostics.Concat(baseline.Diagnostics(s.ReportUnusedBaselineEntries));
        report = report with { Diagnostics = DiagnosticDigest.Collapse(diagnostics) };
        if (s.Verification is not null) report = VerifyStep.Apply(report, s.OnlyVerified, s.Verification, cancellationToken);
        return job.Assess?.Invoke(report) ?? report;
    }

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
}
