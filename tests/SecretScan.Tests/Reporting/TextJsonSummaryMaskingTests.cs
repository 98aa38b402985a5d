using SecretScan.Reporting;

namespace SecretScan.Tests.Reporting;

/// <summary>The text and JSON halves of <see cref="CommitSummaryMaskingTests"/>: a summary quoting a secret found in a file.</summary>
public sealed class TextJsonSummaryMaskingTests
{
    [TestCase("text")]
    [TestCase("json")]
    public void Write_HistoryWithSecretInSummary_MasksItUnlessRevealed(string format)
    {
        IReporter reporter = Reporters.Create(format)!;
        string masked = Reports.Render(reporter, Reports.History());
        string revealed = Reports.Render(reporter, Reports.History(), new ReportOptions(Reveal: true, ToolVersion: Reports.Version));
        Assert.Multiple(() =>
        {
            Assert.That(masked, Does.Not.Contain(Reports.HistorySecret).And.Not.Contain(Reports.LowSecret));
            Assert.That(masked, Does.Contain("Add deploy config with tok_"), "the summary is still shown, masked");
            Assert.That(revealed, Does.Contain($"Add deploy config with {Reports.HistorySecret}"));
        });
    }
}
