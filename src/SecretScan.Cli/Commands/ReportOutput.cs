using SecretScan.Cli.Hosting;
using SecretScan.Core;
using SecretScan.Reporting;

namespace SecretScan.Cli.Commands;

/// <summary>Routes one finished scan: diagnostics to stderr, the main report and every --report to their places.</summary>
public static class ReportOutput
{
    public static string Version => BuildVersion.Text;

    public static void Write(ScanReport report, ScanSettings s, CliHost host)
    {
        bool diagnosticsOnStderr = WriteDiagnostics(report, s, host);
        // On a terminal stdout and stderr are the same screen: warnings just printed there are not repeated in
        // the text report. Redirected, the report stays complete on its own.
        bool sameScreen = diagnosticsOnStderr && !host.Console.IsOutputRedirected && !host.Console.IsErrorRedirected;
        var options = new ReportOptions(s.Reveal, false, s.Verbose, Version, s.SarifCategory) { RedactPercent = s.RedactPercent };
        if (!(s.Quiet && s.Format == "text" && report.Findings.IsEmpty))
            WriteOne(s.Format, report, s.Output, options with { Color = s.Color && s.Output is null, ListDiagnostics = !(sameScreen && s.Output is null) }, host);
        // One scan, several outputs: every extra report is made from the same ScanReport, so they always agree.
        foreach (ReportTarget target in s.Reports)
            WriteOne(target.Format, report, target.Path, options with { Color = s.Color && target.Path is null, ListDiagnostics = !(sameScreen && target.Path is null) }, host);
    }

    /// <summary>Warnings (and with --verbose, notes) on stderr, unless --quiet. True when any was written.</summary>
    public static bool WriteDiagnostics(ScanReport report, ScanSettings s, CliHost host)
    {
        if (s.Quiet) return false;
        bool any = false;
        foreach (Diagnostic d in report.Diagnostics)
        {
            if (!s.Verbose && d.Level == DiagnosticLevel.Note) continue;
            host.Console.Error.WriteLine($"secretscan: {d}");
            any = true;
        }
        return any;
    }

    private static void WriteOne(string format, ScanReport report, string? path, ReportOptions options, CliHost host)
    {
        IReporter reporter = Reporters.Create(format) ?? throw new InvalidOperationException($"format '{format}' passed validation but has no reporter");
        if (path is null)
        {
            host.Console.Out.Flush();
            using Stream stdout = host.Console.OpenStandardOutput();
            reporter.Write(report, stdout, options);
            return;
        }
        using Stream file = host.Files.CreateReport(path);
        reporter.Write(report, file, options);
    }
}
