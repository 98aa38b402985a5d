using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>Turns one <see cref="ScanReport"/> into one output format. Several can run on the same report.</summary>
public interface IReporter
{
    void Write(ScanReport report, Stream output, ReportOptions options);
}

/// <param name="Reveal">Print secrets in clear; everything is masked otherwise.</param>
/// <param name="Color">ANSI colour (only when writing to a terminal, and never with NO_COLOR).</param>
/// <param name="Verbose">Also list notes (binary or oversized files skipped).</param>
/// <param name="ToolVersion">Version printed in machine-readable outputs.</param>
/// <param name="SarifCategory">SARIF <c>runAutomationDetails.id</c>; null picks one per scan kind.</param>
public sealed record ReportOptions(bool Reveal = false, bool Color = false, bool Verbose = false, string ToolVersion = "0.0.0", string? SarifCategory = null)
{
    public string SecretText(Finding finding) => Reveal ? finding.Secret.Reveal() : finding.Secret.Masked();

    /// <summary>
    /// A commit summary is the author's text and may quote a secret (one found in the commit message, or in a file of
    /// that commit): text and JSON print it through here, masked with the report's <see cref="Redactor"/> like SARIF.
    /// </summary>
    public string CommitSummary(CommitProvenance commit, Redactor redactor) => Reveal ? commit.Summary : redactor.Scrub(commit.Summary);
}

public static class Reporters
{
    public static readonly IReadOnlyList<string> Formats = ["text", "json", "sarif", "junit", "github", "html", "jsonl", "csv"];

    public static IReporter? Create(string format) => format switch
    {
        "text" => new TextReporter(),
        "json" => new JsonReporter(),
        "sarif" => new SarifReporter(),
        "junit" => new JUnitReporter(),
        "github" => new GitHubAnnotationsReporter(),
        "html" => new HtmlReporter(),
        "jsonl" => new JsonLinesReporter(),
        "csv" => new CsvReporter(),
        _ => null,
    };
}
