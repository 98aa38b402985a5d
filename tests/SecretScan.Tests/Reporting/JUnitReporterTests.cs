using System.Xml.Linq;
using SecretScan.Core;
using SecretScan.Reporting;

namespace SecretScan.Tests.Reporting;

public sealed class JUnitReporterTests
{
    [Test]
    public void Write_HistoryReport_MatchesGolden()
    {
        Reports.AssertGolden("history.junit.xml", Reports.Render(new JUnitReporter(), Reports.History()));
    }

    [Test]
    public void Write_Findings_OneFailingTestCaseEach()
    {
        var doc = XDocument.Parse(Reports.Render(new JUnitReporter(), Reports.History()));
        var suite = doc.Root!.Element("testsuite")!;
        var cases = suite.Elements("testcase").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(cases, Has.Count.EqualTo(2));
            Assert.That(cases.Select(c => c.Element("failure")), Has.All.Not.Null);
            Assert.That((string?)suite.Attribute("tests"), Is.EqualTo("2"));
            Assert.That((string?)suite.Attribute("failures"), Is.EqualTo("2"));
            Assert.That((string?)doc.Root!.Attribute("failures"), Is.EqualTo("2"));
            Assert.That((string?)cases[0].Attribute("classname"), Is.EqualTo("secretscan.test-token"));
            Assert.That((string?)cases[0].Attribute("name"), Does.StartWith("deploy/old.yaml:2:10 @ 3f2a9c0d1e4b"));
            Assert.That((string?)cases[0].Attribute("file"), Is.EqualTo("deploy/old.yaml"));
            Assert.That(cases[0].Element("failure")!.Value, Does.Contain("tok_************").And.Contain(RotationGuide.HistoryWarning));
        });
    }

    [Test]
    public void Write_AnyReport_NeverContainsSecrets()
    {
        string xml = Reports.Render(new JUnitReporter(), Reports.History()) + Reports.Render(new JUnitReporter(), Reports.Dir());
        Assert.That(xml, Does.Not.Contain(Reports.HistorySecret).And.Not.Contain(Reports.LowSecret).And.Not.Contain(Reports.DirSecret));
    }

    [Test]
    public void Write_Reveal_ShowsTheSecretInTheFailureBody()
    {
        string xml = Reports.Render(new JUnitReporter(), Reports.Dir(), new ReportOptions(Reveal: true, ToolVersion: Reports.Version));
        var failure = XDocument.Parse(xml).Descendants("failure").Single();
        Assert.Multiple(() =>
        {
            Assert.That(failure.Value, Does.Contain(Reports.DirSecret));
            Assert.That((string?)failure.Attribute("message"), Does.Not.Contain(Reports.DirSecret));
        });
    }

    [Test]
    public void Write_CleanScan_IsOnePassingTestCase()
    {
        var doc = XDocument.Parse(Reports.Render(new JUnitReporter(), Reports.Dir() with { Findings = [] }));
        var cases = doc.Descendants("testcase").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(cases, Has.Count.EqualTo(1));
            Assert.That(cases[0].Element("failure"), Is.Null);
            Assert.That((string?)doc.Root!.Attribute("failures"), Is.EqualTo("0"));
        });
    }

    [Test]
    public void Write_ControlCharacterInPath_StillWellFormed()
    {
        Rule rule = Reports.TokenRule();
        string path = "odd\u0001name.txt";
        Finding f = Reports.Finding(rule, path, $"k = {Reports.DirSecret}\n", Reports.DirSecret, new FileProvenance("/p/" + path));
        string xml = Reports.Render(new JUnitReporter(), Reports.Dir() with { Findings = [f] });
        Assert.That(() => XDocument.Parse(xml), Throws.Nothing);
        Assert.That((string?)XDocument.Parse(xml).Descendants("testcase").Single().Attribute("file"), Is.EqualTo("odd\uFFFDname.txt"));
    }

    [Test]
    public void Write_WarningDiagnostics_GoToSystemErr()
    {
        var doc = XDocument.Parse(Reports.Render(new JUnitReporter(), Reports.Dir()));
        string err = doc.Descendants("system-err").Single().Value;
        Assert.Multiple(() =>
        {
            Assert.That(err, Does.Contain(DiagnosticCodes.Encoding));
            Assert.That(err, Does.Not.Contain(DiagnosticCodes.Binary), "notes only with --verbose");
        });
    }
}
