using System.Text.Json;
using SecretScan.Core;
using SecretScan.Reporting;

namespace SecretScan.Tests.Reporting;

/// <summary>JSON Lines, CSV and HTML: the same findings as the JSON report, masked, and safe to open.</summary>
public class TabularReporterTests
{
    [Test]
    public void JsonLines_OneParsableObjectPerFinding_Masked()
    {
        ScanReport report = Reports.History();
        string[] lines = Reports.Render(new JsonLinesReporter(), report).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines, Has.Length.EqualTo(report.Findings.Length));
        for (int i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            Assert.Multiple(() =>
            {
                Assert.That(doc.RootElement.GetProperty("fingerprint").GetString(), Is.EqualTo(report.Findings[i].Fingerprint));
                Assert.That(doc.RootElement.GetProperty("masked").GetBoolean(), Is.True);
                Assert.That(lines[i], Does.Not.Contain(Reports.HistorySecret).And.Not.Contain(Reports.DirSecret));
            });
        }
    }

    [Test]
    public void JsonLines_Reveal_ShowsTheSecret() =>
        Assert.That(Reports.Render(new JsonLinesReporter(), Reports.Dir(), new ReportOptions(Reveal: true)), Does.Contain(Reports.DirSecret));

    [Test]
    public void Csv_HeaderAndOneRowPerFinding_Masked()
    {
        ScanReport report = Reports.History();
        string csv = Reports.Render(new CsvReporter(), report);
        string[] rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(rows[0], Is.EqualTo(string.Join(',', CsvReporter.Columns)));
            Assert.That(rows, Has.Length.EqualTo(report.Findings.Length + 1));
            Assert.That(csv, Does.Not.Contain(Reports.HistorySecret));
            Assert.That(rows[1], Does.Contain(report.Findings[0].Fingerprint).And.Contain(report.Findings[0].Rule.Rotation.Url));
        });
    }

    [TestCase("plain", "plain")]
    [TestCase("a,b", "\"a,b\"")]
    [TestCase("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [TestCase("two\nlines", "\"two\nlines\"")]
    [TestCase("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [TestCase("+1", "'+1")]
    [TestCase("@SUM(A1)", "'@SUM(A1)")]
    public void Csv_Cell_QuotesAndDefusesFormulas(string value, string expected) =>
        Assert.That(CsvReporter.Cell(value), Is.EqualTo(expected));

    [Test]
    public void Html_IsSelfContained_Masked_AndEncodesScanText()
    {
        ScanReport report = Reports.History();
        // A hostile path: if it were not encoded it would run script in whoever opens the report.
        Location at = report.Findings[0].Location;
        Finding hostile = report.Findings[0] with
        {
            Location = new Location("<script>alert(1)</script>.env", at.StartLine, at.StartColumn, at.EndLine, at.EndColumn, at.StartOffset, at.EndOffset),
        };
        string html = Reports.Render(new HtmlReporter(), report with { Findings = [hostile, .. report.Findings[1..]] });

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
            Assert.That(html, Does.Not.Contain(Reports.HistorySecret), "masked");
            Assert.That(html, Does.Not.Contain("<script>alert(1)"), "scan text is HTML-encoded");
            Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;.env"));
            Assert.That(html, Does.Not.Match("(src|href)=\"(https?:)?//").IgnoreCase.Or.Match("href=\"https://example.com/"),
                "no external assets: the only absolute links are the rotation pages");
            Assert.That(html, Does.Not.Contain("<link").And.Not.Contain(" src="), "no stylesheet or script is loaded");
            Assert.That(html, Does.Contain("Content-Security-Policy"));
            Assert.That(html, Does.Contain("id=\"rule-test-token\""), "the rotation guide of each rule");
            Assert.That(html, Does.Contain(RotationGuide.HistoryWarning));
        });
    }

    [Test]
    public void Html_NoFindings_SaysSo() =>
        Assert.That(Reports.Render(new HtmlReporter(), Reports.Dir() with { Findings = [] }), Does.Contain("No secrets found."));
}
