using SecretScan.Cli.Hosting;
using SecretScan.Core;

namespace SecretScan.Cli.Commands;

/// <summary>dir, stdin, git and staged: scan, report, and exit 0 (clean) or the findings exit code.</summary>
public sealed class ScanCommand(ScanJob job) : ICommand
{
    public ScanJob Job { get; } = job;

    public int Run(CliHost host, CancellationToken cancellationToken)
    {
        ScanReport report = ScanRunner.Run(Job, host, cancellationToken);
        ReportOutput.Write(report, Job.Settings, host);
        if (!Job.Settings.Quiet && Job.Remark?.Invoke(report) is { } remark) host.Console.Error.WriteLine(remark);
        return report.Findings.IsEmpty ? ExitCodes.Clean : Job.Settings.ExitCodeOnFindings;
    }
}
