using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>--redact N shows the first N percent of each secret in every format; the default mask is unchanged.</summary>
public sealed class RedactTests
{
    private static readonly string[] Formats = ["json", "jsonl", "csv", "sarif", "junit", "github", "html"];

    [TestCase(50)]
    [TestCase(25)]
    public void Redact_EveryFormatShowsThatShareAndNoMore(int percent)
    {
        using var dir = new TempDirectory();
        using var outDir = new TempDirectory(TestContext.CurrentContext.Test.Name + "-out");
        string token = FakeSecrets.GitHubPat();
        dir.File("src/app.py", $"TOKEN = \"{token}\"\n");
        int shown = token.Length * percent / 100;
        List<string> args = ["dir", ".", "--no-config", "--redact", percent.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        foreach (string f in Formats) args.AddRange(["--report", $"{f}={outDir.Combine("r." + f)}"]);

        var r = CliRunner.Run(CliRunner.Executable, args, dir.Path, timeoutMs: 120_000);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(r.Stdout, Does.Contain(token[..shown] + "*").And.Not.Contain(token[..(shown + 1)]), "text");
            foreach (string f in Formats)
            {
                string report = File.ReadAllText(outDir.Combine("r." + f));
                Assert.That(report, Does.Contain(token[..shown] + "*"), $"{f} shows {percent}%");
                Assert.That(report, Does.Not.Contain(token[..(shown + 1)]), $"{f} shows no more than {percent}%");
            }
        });
    }

    [Test]
    public void Redact_100_IsReveal_AndZeroShowsOnlyStars()
    {
        using var dir = new TempDirectory();
        string token = FakeSecrets.GitHubPat();
        dir.File("app.py", $"TOKEN = \"{token}\"\n");

        var all = CliRunner.Run(CliRunner.Executable, ["dir", ".", "--no-config", "--redact", "100", "-f", "json"], dir.Path, timeoutMs: 120_000);
        var none = CliRunner.Run(CliRunner.Executable, ["dir", ".", "--no-config", "--redact", "0", "-f", "jsonl"], dir.Path, timeoutMs: 120_000);
        var byDefault = CliRunner.Run(CliRunner.Executable, ["dir", ".", "--no-config", "-f", "jsonl"], dir.Path, timeoutMs: 120_000);

        Assert.Multiple(() =>
        {
            Assert.That(all.ExitCode, Is.EqualTo(1), all.ToString());
            Assert.That(all.Stdout, Does.Contain(token).And.Contain("\"masked\": false"));
            Assert.That(none.Stdout, Does.Contain("\"secret\":\"************\"").And.Not.Contain("ghp_"));
            Assert.That(byDefault.Stdout, Does.Contain("\"secret\":\"ghp_************\""), "the default mask is unchanged");
        });
    }

    [TestCase("--redact=101")]
    [TestCase("--redact=-1")]
    public void Redact_OutOfRange_ExitsTwoWithMessage(string option)
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run(CliRunner.Executable, ["dir", ".", option], dir.Path, timeoutMs: 60_000);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain("--redact must be a percent from 0 to 100"));
    }

    [Test]
    public void Redact_WithReveal_ExitsTwo()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run(CliRunner.Executable, ["stdin", "--redact", "30", "--reveal"], dir.Path, stdin: "", timeoutMs: 60_000);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain("--redact and --reveal contradict"));
    }
}
