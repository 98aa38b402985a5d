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
        // Rules load while the source starts (reading the git index, walking the folder): most of a pre-commit
        // scan's time is these two. A rule error still stops everything before any report is written.
        Task<Detector> detector = Task.Run(() =>
        {
            var (rules, errors) = RuleCatalog.Compose(s.RuleFiles, s.Config, warnings: ruleWarnings);
            if (errors.Count > 0) throw new RuleErrorsException(errors);
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
        IEnumerable<Diagnostic> diagnostics = ruleWarnings.Concat(report.Diagnostics);
        if (baseline is not null) diagnostics = diagnostics.Concat(baseline.Diagnostics(s.ReportUnusedBaselineEntries));
        report = report with { Diagnostics = DiagnosticDigest.Collapse(diagnostics) };
        return s.Verification is null ? report : VerifyStep.Apply(report, s.OnlyVerified, s.Verification, cancellationToken);
    }
}
