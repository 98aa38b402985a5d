using SecretScan.Cli.Hosting;
using SecretScan.Core;

namespace SecretScan.Cli.Commands;

/// <summary><c>baseline create</c>: the same scan as its scan command, written as a baseline file instead of a report.</summary>
public sealed class BaselineCreateCommand(ScanJob scan, string path) : ICommand
{
    public int Run(CliHost host, CancellationToken cancellationToken)
    {
        Baseline? previous = null;
        if (host.Files.FileExists(path))
        {
            // Read before scanning: a broken file must stop us before minutes of history scanning, not after.
            try { previous = Baseline.Load(path); }
            catch (BaselineException e) { throw new UsageException(e.Message + " (fix or delete it before re-creating)"); }
        }
        ScanReport report = ScanRunner.Run(scan, host, cancellationToken);
        ReportOutput.WriteDiagnostics(report, scan.Settings, host);
        Baseline baseline = Baseline.FromFindings(report.Findings, previous);
        using (Stream file = host.Files.CreateReport(path)) baseline.Save(file);
        if (!scan.Settings.Quiet)
            host.Console.Error.WriteLine($"secretscan: wrote {baseline.Entries.Length} baseline entr{(baseline.Entries.Length == 1 ? "y" : "ies")} to {path}");
        return ExitCodes.Clean;
    }
}
