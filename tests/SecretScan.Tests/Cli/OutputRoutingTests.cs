using System.Text;
using System.Text.Json;
using SecretScan.Cli;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Cli;

/// <summary>Where each piece of output goes: reports to stdout or files, diagnostics to stderr, once.</summary>
public sealed class OutputRoutingTests
{
    [Test]
    public void Findings_ExitOneAndTextReportOnStdout()
    {
        using var dir = new TempDirectory();
        string token = FakeSecrets.GitHubPat();
        dir.File("app.env", $"GITHUB_TOKEN={token}\n");
        var r = InProcessCli.Run(dir.Path, "dir", ".");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Findings), r.ToString());
            Assert.That(r.Stdout, Does.Contain("app.env:1:14").And.Contain("1 secret(s) found"));
            Assert.That(r.Stdout + r.Stderr, Does.Not.Contain(token[8..]), "masked");
        });
    }

    [Test]
    public void ExitCodeOption_ReplacesTheFindingsCode()
    {
        using var dir = new TempDirectory();
        dir.File("app.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        Assert.That(InProcessCli.Run(dir.Path, "dir", ".", "--exit-code", "7").ExitCode, Is.EqualTo(7));
    }

    [Test]
    public void OutputFile_TakesTheReportAndExtraReportGoesToStdout()
    {
        using var dir = new TempDirectory();
        dir.File("app.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        var r = InProcessCli.Run(dir.Path, "dir", "app.env", "-f", "sarif", "-o", "out.sarif", "--report", "json=-");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Findings), r.ToString());
            Assert.That(JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings").GetArrayLength(), Is.EqualTo(1));
            string sarif = File.ReadAllText(dir.Combine("out.sarif"));
            Assert.That(JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength(), Is.EqualTo(1),
                "the relative -o path is resolved against the working folder of the host");
        });
    }

    [Test]
    public void RepeatableOptionBeforeThePath_DoesNotSwallowIt()
    {
        using var dir = new TempDirectory();
        dir.File("scan-me/app.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        dir.File("other/app.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        var r = InProcessCli.Run(dir.Path, "dir", "-x", "*.md", "--exclude", "*.txt", "scan-me", "-f", "json");
        var findings = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings");
        Assert.Multiple(() =>
        {
            Assert.That(findings.GetArrayLength(), Is.EqualTo(1), r.ToString());
            Assert.That(findings[0].GetProperty("file").GetString(), Is.EqualTo("app.env"), "only scan-me was scanned");
        });
    }

    [Test]
    public void RepeatedExclude_AllValuesApply()
    {
        using var dir = new TempDirectory();
        dir.File("a.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        dir.File("b.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        dir.File("c.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        var r = InProcessCli.Run(dir.Path, "dir", ".", "-x", "a.env", "--exclude=b.env", "-f", "json");
        var files = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("file").GetString()).ToList();
        Assert.That(files, Is.EqualTo(new[] { "c.env" }), r.ToString());
    }

    [Test]
    public void PathStartingWithDash_AfterDoubleDash_IsScanned()
    {
        using var dir = new TempDirectory();
        dir.File("-odd/app.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        var r = InProcessCli.Run(dir.Path, "dir", "-f", "json", "--", "-odd");
        Assert.That(JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings").GetArrayLength(), Is.EqualTo(1), r.ToString());
    }

    [Test]
    public void Stdin_ReadsTheHostsInput()
    {
        using var dir = new TempDirectory();
        var console = new FakeConsole(stdin: $"x\nGITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        var r = InProcessCli.Run(console, dir.Path, ["stdin", "--path-hint", "config/.env", "-f", "json"]);
        var f = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings")[0];
        Assert.Multiple(() =>
        {
            Assert.That(f.GetProperty("file").GetString(), Is.EqualTo("config/.env"));
            Assert.That(f.GetProperty("line").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public void OnATerminal_AWarningIsShownOnceOnStderrAndNotRepeatedInTheReport()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("latin1.txt"), Encoding.Latin1.GetBytes("caf\u00e9\n"));
        var r = InProcessCli.Run(new FakeConsole(isTerminal: true), dir.Path, ["dir", "."]);
        string all = r.Stdout + r.Stderr;
        Assert.Multiple(() =>
        {
            Assert.That(r.Stderr, Does.Contain("latin1.txt: warning SS1004"), r.ToString());
            Assert.That(all.Split("warning SS1004").Length - 1, Is.EqualTo(1), "said once on the screen");
            Assert.That(r.Stdout, Does.Contain("No secrets found"));
        });
    }

    [Test]
    public void Redirected_TheTextReportStaysCompleteOnItsOwn()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("latin1.txt"), Encoding.Latin1.GetBytes("caf\u00e9\n"));
        var r = InProcessCli.Run(new FakeConsole(isTerminal: false), dir.Path, ["dir", "."]);
        Assert.Multiple(() =>
        {
            Assert.That(r.Stderr, Does.Contain("latin1.txt: warning SS1004"), r.ToString());
            Assert.That(r.Stdout, Does.Contain("latin1.txt: warning SS1004"), "a log file of stdout alone still has the warning");
        });
    }

    [Test]
    public void Quiet_NoDiagnosticsAndNoSummaryWhenClean()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("latin1.txt"), Encoding.Latin1.GetBytes("caf\u00e9\n"));
        var r = InProcessCli.Run(dir.Path, "dir", ".", "-q");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Clean));
            Assert.That(r.Stdout + r.Stderr, Is.Empty, r.ToString());
        });
    }

    [Test]
    public void RulesList_GoesToStdout()
    {
        using var dir = new TempDirectory();
        var r = InProcessCli.Run(dir.Path, "rules", "list");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Clean), r.ToString());
            Assert.That(r.Stdout, Does.StartWith("ID ").And.Match(@"\d+ rules from \d+ providers\n$"));
        });
    }

    [Test]
    public void BaselineCreate_ThenScanWithIt_HoldsTheFindingBack()
    {
        using var dir = new TempDirectory();
        dir.File("app.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        var create = InProcessCli.Run(dir.Path, "baseline", "create", "-o", "accepted.json", "dir", ".", "-x", "accepted.json");
        var scan = InProcessCli.Run(dir.Path, "dir", ".", "--baseline", "accepted.json", "-x", "accepted.json");
        Assert.Multiple(() =>
        {
            Assert.That(create.ExitCode, Is.EqualTo(ExitCodes.Clean), create.ToString());
            Assert.That(create.Stderr, Does.Contain("wrote 1 baseline entry to"));
            Assert.That(create.Stdout, Is.Empty, "a baseline run writes the baseline, not a report");
            Assert.That(scan.ExitCode, Is.EqualTo(ExitCodes.Clean), scan.ToString());
            Assert.That(scan.Stdout, Does.Contain("held back: 1 baseline"));
        });
    }
}
