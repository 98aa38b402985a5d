using SecretScan.Reporting;

namespace SecretScan.Tests.Reporting;

/// <summary>A commit summary that quotes any secret found in the same scan must not print it, in any format.</summary>
public sealed class CommitSummaryMaskingTests
{
    private static IEnumerable<string> Formats() => ["text", "json", "sarif", "junit", "github"];

    [TestCaseSource(nameof(Formats))]
    public void Write_HistoryWithSecretInSummary_MasksItUnlessRevealed(string format)
    {
        IReporter reporter = Reporters.Create(format)!;
        string masked = Reports.Render(reporter, Reports.History());
        string revealed = Reports.Render(reporter, Reports.History(), new ReportOptions(Reveal: true, ToolVersion: Reports.Version));
        Assert.Multiple(() =>
        {
            Assert.That(masked, Does.Not.Contain(Reports.HistorySecret).And.Not.Contain(Reports.LowSecret));
            Assert.That(masked, Does.Contain("Add deploy config with tok_"), "the summary is still shown, masked");
            Assert.That(revealed, Does.Contain(Reports.HistorySecret), "--reveal shows secrets (in the secret field or snippet)");
            // Decided once for every format: --reveal shows a summary as written wherever it is a field of its own
            // (text, JSON, SARIF properties, JUnit body); sentences such as SARIF messages and annotations never quote a secret.
            if (format is "github")
                Assert.That(revealed, Does.Not.Contain($"Add deploy config with {Reports.HistorySecret}"), "an annotation's sentence stays masked");
            else
                Assert.That(revealed, Does.Contain($"Add deploy config with {Reports.HistorySecret}"), "--reveal shows the summary as written");
        });
    }
}
