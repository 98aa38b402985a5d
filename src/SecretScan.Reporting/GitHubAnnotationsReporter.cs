using System.Globalization;
using System.Text;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// GitHub Actions workflow commands: one <c>::error</c> (critical, high), <c>::warning</c> (medium) or <c>::notice</c>
/// (low) line per finding, which the runner turns into an annotation on the file and line in the workflow summary
/// and the pull request. Values are escaped the way the Actions toolkit does it, and secrets are masked unless
/// --reveal. Never <c>::add-mask::</c>: that would print the secret into the log to hide it.
/// </summary>
public sealed class GitHubAnnotationsReporter : IReporter
{
    public void Write(ScanReport report, Stream output, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        using var w = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        var redactor = Redactor.For(report);
        foreach (Finding f in report.Findings) w.WriteLine(Annotation(f, options, redactor));
        foreach (Diagnostic d in report.Diagnostics.Where(d => d.Level != DiagnosticLevel.Note))
        {
            string props = d.Path is null ? $"title={Property($"secretscan {d.Code}")}" : $"file={Property(d.Path)},title={Property($"secretscan {d.Code}")}";
            w.WriteLine($"::{(d.Level == DiagnosticLevel.Error ? "error" : "warning")} {props}::{Data(d.Message)}");
        }
        w.WriteLine($"::notice title=secretscan::{Data(TextReporter.Summary(report))}");
    }

    public static string Annotation(Finding f, ReportOptions options, Redactor redactor)
    {
        string command = f.Rule.Severity switch
        {
            Severity.Critical or Severity.High => "error",
            Severity.Medium => "warning",
            _ => "notice",
        };
        Location l = f.Location;
        // The toolkit's columns are 1-based and its endColumn is the last character's, as ours is.
        string props = string.Create(CultureInfo.InvariantCulture,
            $"file={Property(l.Path)},line={l.StartLine},col={l.StartColumn},endLine={l.EndLine},endColumn={l.EndColumn},title={Property($"{f.Rule.Name} ({f.Rule.Id})")}");
        string message = $"{FindingText.Message(f, redactor)}\nSecret: {options.SecretText(f)}\nRevoke or roll it at: {f.Rule.Rotation.Url}";
        if (FindingText.Verification(f, redactor) is { } verification) message += $"\nVerification: {verification}";
        return $"::{command} {props}::{Data(message)}";
    }

    /// <summary>A command's message: '%', CR and LF are percent-encoded.</summary>
    public static string Data(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A command's property value: as data, plus ':' and ',' which would end the value.</summary>
    public static string Property(string text) =>
        Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
