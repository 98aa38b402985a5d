using SecretScan.Cli;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Cli;

/// <summary>Every mistake on the command line is one line on stderr, exit 2, and names the real cause first.</summary>
public sealed class ArgumentErrorTests
{
    [TestCase(new[] { "dir", ".", "--fromat", "json" }, "unknown option '--fromat' for 'dir' (did you mean '--format'?)")]
    [TestCase(new[] { "dir", "a", "b", "--bogus" }, "unknown option '--bogus' for 'dir'")]
    [TestCase(new[] { "dir", "--config", "--fromat" }, "unknown option '--fromat'")]
    [TestCase(new[] { "stdin", "--path-hnit", "x" }, "did you mean '--path-hint'?")]
    [TestCase(new[] { "git", "--branch=main", "--max-comits", "3" }, "did you mean '--max-commits'?")]
    [TestCase(new[] { "-x", "a" }, "unknown option '-x': give a command first (dir, stdin, git, staged, rules, baseline, ignore)")]
    [TestCase(new[] { "stagd" }, "unknown command 'stagd' (commands: dir, stdin, git, staged, rules, baseline, ignore); did you mean 'staged'?")]
    [TestCase(new[] { "rule", "list" }, "did you mean 'rules'?")]
    [TestCase(new[] { "dir", ".", "--format" }, "option '--format' needs a value (FORMAT)")]
    [TestCase(new[] { "dir", "--exclude", "--reveal" }, "option '--exclude' needs a value")]
    [TestCase(new[] { "dir", "--format=" }, "option '--format' needs a value")]
    [TestCase(new[] { "dir", "--reveal=yes" }, "option '--reveal' is a switch and takes no value")]
    [TestCase(new[] { "dir", "a", "b" }, "'dir' takes one path, but got another: 'b'")]
    [TestCase(new[] { "stdin", "file.txt" }, "'stdin' takes no path, but got 'file.txt'")]
    [TestCase(new[] { "staged", "." }, "'staged' takes no path, but got '.'")]
    [TestCase(new[] { "dir", ".", "--threads", "-1" }, "--threads must be 0 (one per core) or more, not -1")]
    [TestCase(new[] { "dir", ".", "--exit-code", "-3" }, "--exit-code must be between 0 and 255, not -3")]
    [TestCase(new[] { "dir", ".", "--exit-code=300" }, "--exit-code must be between 0 and 255, not 300")]
    [TestCase(new[] { "git", "--max-commits", "-5" }, "--max-commits must be 1 or more, not -5")]
    [TestCase(new[] { "git", "--max-commits", "five" }, "option '--max-commits': 'five' is not a whole number")]
    [TestCase(new[] { "dir", ".", "--format", "xml" }, "unknown format 'xml'")]
    [TestCase(new[] { "rules" }, "'rules' needs an action: list or check")]
    [TestCase(new[] { "rules", "lst" }, "unknown rules action 'lst'")]
    [TestCase(new[] { "baseline" }, "'baseline' needs an action: create")]
    [TestCase(new[] { "baseline", "create" }, "'baseline create' needs a scan command after it")]
    [TestCase(new[] { "baseline", "create", "rules", "list" }, "'baseline create' needs a scan command after it")]
    public void BadArguments_OneLineOnStderrAndExitTwo(string[] args, string message)
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", "nothing\n");
        var r = InProcessCli.Run(dir.Path, args);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Error), r.ToString());
            Assert.That(r.Stdout, Is.Empty);
            Assert.That(r.Stderr, Does.StartWith("secretscan: error: ").And.Contain(message));
            Assert.That(r.Stderr.TrimEnd('\n'), Does.Not.Contain('\n'), "one line");
        });
    }

    [Test]
    public void UnknownOption_WithALongValue_IsNotEchoedInFull()
    {
        using var dir = new TempDirectory();
        string pasted = "--" + FakeSecrets.GitHubPat();
        var r = InProcessCli.Run(dir.Path, "dir", pasted);
        Assert.That(r.Stderr, Does.Not.Contain(pasted[14..]), r.ToString());
    }

    [TestCase("-o")]
    [TestCase("--report")]
    public void OutputIntoMissingFolder_FailsBeforeTheScan(string option)
    {
        using var dir = new TempDirectory();
        dir.File("leak.txt", $"token = {FakeSecrets.GitHubPat()}\n");
        string target = Path.Combine(dir.Path, "no-such-folder", "out.json");
        var r = InProcessCli.Run(dir.Path, "dir", ".", option, option == "-o" ? target : "json=" + target);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Error), r.ToString());
            Assert.That(r.Stderr, Does.Contain($"the folder '{Path.GetDirectoryName(target)}' does not exist"));
            Assert.That(r.Stdout, Is.Empty, "nothing was scanned, so nothing was reported");
        });
    }

    [Test]
    public void BaselineOutputIntoMissingFolder_FailsBeforeTheScan()
    {
        using var dir = new TempDirectory();
        var r = InProcessCli.Run(dir.Path, "baseline", "create", "-o", "missing/b.json", "dir", ".");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Error), r.ToString());
            Assert.That(r.Stderr, Does.Contain("--output: cannot write").And.Contain("does not exist"));
        });
    }

    [Test]
    public void Cancelled_ExitsOneHundredThirty()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", "nothing\n");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var r = InProcessCli.Run(new FakeConsole(), dir.Path, ["dir", "."], cancel.Token);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Cancelled), r.ToString());
            Assert.That(r.Stderr, Is.EqualTo("secretscan: cancelled\n"));
        });
    }
}
