using SecretScan.Core;
using SecretScan.Reporting;

namespace SecretScan.Tests.Reporting;

public sealed class GitHubAnnotationsReporterTests
{
    private static string[] Lines(ScanReport report, ReportOptions? options = null) =>
        Reports.Render(new GitHubAnnotationsReporter(), report, options).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void Write_DirFinding_IsOneEscapedErrorCommand()
    {
        string[] lines = Lines(Reports.Dir());
        Assert.That(lines[0], Is.EqualTo(
            "::error file=config/app settings.env,line=2,col=11,endLine=2,endColumn=30,title=Test API token (test-token)::" +
            "Test API token (test-token) found in config/app settings.env at line 2, column 11. Confidence: high. Rotate it: deleting the line does not remove it from history." +
            "%0ASecret: tok_************%0ARevoke or roll it at: https://example.com/tokens"));
    }

    [Test]
    public void Write_Report_DiagnosticWarningsAndSummaryFollow()
    {
        string[] lines = Lines(Reports.Dir());
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(3), "finding, the warning diagnostic (not the note), summary");
            Assert.That(lines[1], Is.EqualTo("::warning file=legacy/latin1.txt,title=secretscan SS1004::not valid UTF-8; scanned as Latin-1"));
            Assert.That(lines[2], Does.StartWith("::notice title=secretscan::1 secret(s) found"));
        });
    }

    [Test]
    public void Write_Severity_PicksTheCommand()
    {
        string[] lines = Lines(Reports.History());
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.StartWith("::error "));
            Assert.That(lines[1], Does.StartWith("::notice "), "a low-severity finding is a notice");
        });
    }

    [Test]
    public void Write_AnyReport_NeverContainsSecretsUnlessRevealed()
    {
        string text = string.Join('\n', Lines(Reports.History()).Concat(Lines(Reports.Dir())));
        string revealed = string.Join('\n', Lines(Reports.Dir(), new ReportOptions(Reveal: true, ToolVersion: Reports.Version)));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain(Reports.HistorySecret).And.Not.Contain(Reports.LowSecret).And.Not.Contain(Reports.DirSecret));
            Assert.That(text, Does.Not.Contain("::add-mask::"));
            Assert.That(revealed, Does.Contain("Secret: " + Reports.DirSecret));
        });
    }

    [TestCase("a%b\r\nc", "a%25b%0D%0Ac")]
    [TestCase("plain", "plain")]
    public void Data_Specials_ArePercentEncoded(string text, string expected)
    {
        Assert.That(GitHubAnnotationsReporter.Data(text), Is.EqualTo(expected));
    }

    [TestCase("dir,with:odd%name\n.txt", "dir%2Cwith%3Aodd%25name%0A.txt")]
    public void Property_Specials_ArePercentEncoded(string text, string expected)
    {
        Assert.That(GitHubAnnotationsReporter.Property(text), Is.EqualTo(expected));
    }

    [Test]
    public void Write_PathWithCommaAndColon_CannotEndTheFileProperty()
    {
        Rule rule = Reports.TokenRule();
        Finding f = Reports.Finding(rule, "a,b:c.txt", $"{Reports.DirSecret}\n", Reports.DirSecret, new FileProvenance("/p/a,b:c.txt"));
        string line = Lines(Reports.Dir() with { Findings = [f], Diagnostics = [] })[0];
        Assert.That(line, Does.StartWith("::error file=a%2Cb%3Ac.txt,line=1,col=1,"));
    }
}
