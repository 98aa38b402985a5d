using SecretScan.Cli.Hosting;
using SecretScan.Core;

namespace SecretScan.Cli.Commands;

/// <summary>
/// <c>baseline update</c>: the scan of <c>baseline create</c>, merged into the existing file instead of replacing it.
/// Every change is said on stderr: what was dropped, what was added, and what new findings were left out.
/// </summary>
public sealed class BaselineUpdateCommand(ScanJob scan, string path, bool addNew) : ICommand
{
    public int Run(CliHost host, CancellationToken cancellationToken)
    {
        if (!host.Files.FileExists(path)) throw new UsageException($"baseline file '{path}' does not exist (create one with 'secretscan baseline create')");
        Baseline previous;
        // Read before scanning: a broken file must stop us before minutes of history scanning, not after.
        try { previous = Baseline.Load(path); }
        catch (BaselineException e) { throw new UsageException(e.Message); }
        ScanReport report = ScanRunner.Run(scan, host, cancellationToken);
        ReportOutput.WriteDiagnostics(report, scan.Settings, host);
        var refresh = BaselineRefresh.Of(previous, report.Findings, addNew);
        using (Stream file = host.Files.CreateReport(path)) refresh.Updated.Save(file);

        TextWriter err = host.Console.Error;
        foreach (BaselineEntry e in refresh.Dropped)
            err.WriteLine($"secretscan: dropped {e.Path}: rule '{e.Rule}' (fingerprint {e.Fingerprint}){(e.Reason is null ? "" : $", reason \"{e.Reason}\"")}: no longer found");
        foreach (BaselineEntry e in refresh.Added)
            err.WriteLine($"secretscan: added {e.Path}: rule '{e.Rule}' (fingerprint {e.Fingerprint})");
        foreach (BaselineEntry e in refresh.NotAdded)
            err.WriteLine($"secretscan: new, not added: {e.Path}: rule '{e.Rule}' (fingerprint {e.Fingerprint})");
        if (refresh.NotAdded.Count > 0)
            err.WriteLine($"secretscan: {refresh.NotAdded.Count} new finding(s) left out: rotate them, or accept one with 'secretscan ignore FINGERPRINT --reason \"…\"', or all with --add-new");
        err.WriteLine($"secretscan: updated {path}: {refresh.Kept.Count} kept, {refresh.Dropped.Count} dropped, {refresh.Added.Count} added");
        return ExitCodes.Clean;
    }
}
