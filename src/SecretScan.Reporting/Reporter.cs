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
public sealed record ReportOptions(bool Reveal = false, bool Color = false, bool Verbose = false, string ToolVersion = "0.0.0")
{
    public string SecretText(Finding finding) => Reveal ? finding.Secret.Reveal() : finding.Secret.Masked();

    /// <summary>
    /// A commit summary is the author's text and may hold a secret (one found in a commit message): reporters print it
    /// through here so that secret is masked in the summary line as well, on this finding and on every other.
    /// </summary>
    public string CommitSummary(CommitProvenance commit, ScanReport report)
    {
        string summary = commit.Summary;
        if (Reveal) return summary;
        foreach (Finding f in report.Findings)
        {
            if (f.Provenance is not CommitProvenance { InMessage: true }) continue;
            string secret = f.Secret.Reveal();
            if (secret.Length > 0 && summary.Contains(secret, StringComparison.Ordinal))
                summary = summary.Replace(secret, f.Secret.Masked(), StringComparison.Ordinal);
        }
        return summary;
    }
}

public static class Reporters
{
    public static readonly IReadOnlyList<string> Formats = ["text", "json"];

    public static IReporter? Create(string format) => format switch
    {
        "text" => new TextReporter(),
        "json" => new JsonReporter(),
        _ => null,
    };
}
