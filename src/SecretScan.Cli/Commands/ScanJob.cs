using SecretScan.Core;

namespace SecretScan.Cli.Commands;

/// <summary>What one scan verb contributes: its settings, its source, and what it has to say about the result.</summary>
/// <param name="CreateSource">Called once, when the scan starts (opening a repository can fail: it must fail inside the one catch).</param>
/// <param name="ShowProgress">Long scans (history) draw a progress line on a terminal.</param>
/// <param name="Remark">A note for stderr about the finished scan, e.g. why a history scan saw no commits.</param>
/// <param name="Assess">A step after the scan that adds facts to the findings (history: their exposure), or null.</param>
public sealed record ScanJob(ScanSettings Settings, Func<ISource> CreateSource, bool ShowProgress = false, Func<ScanReport, string?>? Remark = null,
    Func<ScanReport, ScanReport>? Assess = null);
