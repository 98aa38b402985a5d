using SecretScan.Core;

namespace SecretScan.Reporting;

/// <param name="Reveal">Print secrets in clear; everything is masked otherwise.</param>
/// <param name="Color">ANSI colour (only when writing to a terminal, and never with NO_COLOR).</param>
/// <param name="Verbose">Also list notes (binary or oversized files skipped).</param>
/// <param name="ToolVersion">Version printed in machine-readable outputs.</param>
/// <param name="SarifCategory">SARIF <c>runAutomationDetails.id</c>; null picks one per scan kind.</param>
public sealed record ReportOptions(bool Reveal = false, bool Color = false, bool Verbose = false, string ToolVersion = "0.0.0", string? SarifCategory = null)
{
    /// <summary>
    /// False when the diagnostics were already shown on the same screen (stderr of a terminal): the text report
    /// then leaves them out rather than saying each twice. Machine formats always carry them.
    /// </summary>
    public bool ListDiagnostics { get; init; } = true;

    /// <summary>--redact N: the percent of each secret shown (0 to 99; 100 is <see cref="Reveal"/>); null keeps the default mask.</summary>
    public int? RedactPercent { get; init; }

    public string SecretText(Finding finding) =>
        Reveal ? finding.Secret.Reveal() : RedactPercent is { } percent ? finding.Secret.Redacted(percent) : finding.Secret.Masked();

    /// <summary>
    /// A commit summary is the author's text and may quote a secret (one found in the commit message, or in a file of
    /// that commit): text and JSON print it through here, masked with the report's <see cref="Redactor"/> like SARIF.
    /// </summary>
    public string CommitSummary(CommitProvenance commit, Redactor redactor) => Reveal ? commit.Summary : redactor.Scrub(commit.Summary);

    /// <summary>Author and committer names and e-mails are the author's text too: a key pasted into one is masked.</summary>
    public string CommitText(string text, Redactor redactor) => Reveal ? text : redactor.Scrub(text);
}
