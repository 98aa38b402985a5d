using System.Text.RegularExpressions;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>
/// The HTML report of a real scan, opened in a real headless browser (Debian's chromium, installed by .ci/run): the
/// rows are read back from the DOM after the page's script ran, a filter given in the address hides the other rows,
/// and a screenshot is attached to the test's output.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class HtmlReportBrowserTests
{
    private TempDirectory _temp = null!;
    private string _report = null!;
    private string _githubToken = null!;

    private static string? Chromium() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    [OneTimeSetUp]
    public void ScanToHtml()
    {
        if (Chromium() is null) Assert.Ignore("no headless browser installed (.ci/run installs Debian's chromium)");
        _temp = new TempDirectory();
        string project = _temp.Combine("project");
        Directory.CreateDirectory(Path.Combine(project, "deploy"));
        _githubToken = FakeSecrets.GitHubPat();
        File.WriteAllText(Path.Combine(project, "deploy", "release.sh"), $"#!/bin/sh\nexport GITHUB_TOKEN={_githubToken}\n");
        File.WriteAllText(Path.Combine(project, "settings.py"), $"STRIPE_KEY = \"{FakeSecrets.StripeLiveKey()}\"\nAWS_ACCESS_KEY_ID = \"{FakeSecrets.AwsAccessKeyId()}\"\n");
        _report = _temp.Combine("report.html");
        CliRunner.Result scan = CliRunner.Secretscan(project, "dir", project, "-f", "html", "-o", _report);
        Assert.That(scan.ExitCode, Is.EqualTo(1), scan.ToString());
    }

    [OneTimeTearDown]
    public void Clean() => _temp?.Dispose();

    private CliRunner.Result Browse(string fragment, params string[] extra)
    {
        string profile = _temp.Combine("profile-" + Guid.NewGuid().ToString("N")[..8]);
        string url = new Uri(_report).AbsoluteUri + fragment;
        return CliRunner.Run(Chromium()!,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, .. extra, url,
        ], _temp.Path, timeoutMs: 90000);
    }

    private static List<(string Severity, string Rule, string Path, bool Hidden)> Rows(string dom) =>
    [
        .. RowTag().Matches(dom).Select(m => (
            Attribute(m.Value, "data-severity"), Attribute(m.Value, "data-rule"), Attribute(m.Value, "data-path"), Regex.IsMatch(m.Value, @"\shidden(=|\s|>)"))),
    ];

    private static string Attribute(string tag, string name) => Regex.Match(tag, name + "=\"([^\"]*)\"").Groups[1].Value;

    [GeneratedRegex("<tr class=\"finding\"[^>]*>")]
    private static partial Regex RowTag();

    [Test]
    public void Browser_ShowsEveryFindingRow_Masked()
    {
        CliRunner.Result dom = Browse("", "--dump-dom");
        Assert.That(dom.ExitCode, Is.Zero, dom.ToString());
        var rows = Rows(dom.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.Rule), Is.EquivalentTo(new[] { "github-pat-classic", "stripe-live-secret-key", "aws-access-key-id" }), dom.Stdout);
            Assert.That(rows.Select(r => r.Path), Does.Contain("deploy/release.sh").And.Contain("settings.py"));
            Assert.That(rows.Any(r => r.Hidden), Is.False, "no filter, nothing hidden");
            Assert.That(dom.Stdout, Does.Contain("3 of 3 shown"), "the page's script ran");
            Assert.That(dom.Stdout, Does.Not.Contain(_githubToken), "masked");
        });
    }

    [Test]
    public void Browser_FilterInAddress_HidesOtherRows()
    {
        CliRunner.Result dom = Browse("#path=deploy%2F", "--dump-dom");
        Assert.That(dom.ExitCode, Is.Zero, dom.ToString());
        var rows = Rows(dom.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Where(r => !r.Hidden).Select(r => r.Path), Is.EqualTo(new[] { "deploy/release.sh" }), dom.Stdout);
            Assert.That(rows.Count(r => r.Hidden), Is.EqualTo(rows.Count - 1));
            Assert.That(dom.Stdout, Does.Contain("1 of 3 shown"));
        });
    }

    [Test]
    public void Browser_Screenshot_IsSavedWithTheTestOutput()
    {
        string png = _temp.Combine("report.png");
        CliRunner.Result shot = Browse("", "--screenshot=" + png, "--window-size=1280,1000", "--hide-scrollbars");
        Assert.That(shot.ExitCode, Is.Zero, shot.ToString());
        byte[] bytes = File.ReadAllBytes(png);
        Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG");
        Assert.That(bytes.Length, Is.GreaterThan(10_000), "a rendered page, not a blank image");
        string kept = Path.Combine(TestContext.CurrentContext.WorkDirectory, "html-report.png");
        File.Copy(png, kept, overwrite: true);
        TestContext.AddTestAttachment(kept, "the HTML report of a real scan, rendered by headless chromium");
        TestContext.Out.WriteLine("screenshot: " + kept);
    }
}
