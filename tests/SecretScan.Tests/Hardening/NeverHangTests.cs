using System.Diagnostics;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Hardening;

/// <summary>
/// Inputs that used to hang a scan or make it run away (issue 10 §2), each run against the real executable with a
/// short hard timeout: a hang fails the test instead of stalling CI.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class NeverHangTests
{
    private const int HardTimeoutMs = 60_000;

    private static CliRunner.Result Scan(string folder, params string[] args) =>
        CliRunner.Run(CliRunner.Executable, args, folder, timeoutMs: HardTimeoutMs);

    private static void MakeFifo(string path)
    {
        CliRunner.Result r = CliRunner.Run("mkfifo", [path], Path.GetDirectoryName(path)!, timeoutMs: 10_000);
        Assert.That(r.ExitCode, Is.Zero, r.ToString());
    }

    [Test]
    [Platform(Exclude = "Win")]
    public void Dir_FifoInTree_IsSkippedWithAWarningAndOtherFilesAreScanned()
    {
        using var temp = new TempDirectory();
        MakeFifo(temp.Combine("pipe"));
        temp.File("leak.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");

        CliRunner.Result r = Scan(temp.Path, "dir", ".");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stderr, Does.Contain("pipe: warning SS1010").And.Contain("FIFO"));
        Assert.That(r.Stdout, Does.Contain("1 skipped"));
    }

    [Test]
    [Platform(Exclude = "Win")]
    public void Dir_FifoGivenAsPath_IsSkippedNotOpened()
    {
        using var temp = new TempDirectory();
        MakeFifo(temp.Combine("pipe"));

        CliRunner.Result r = Scan(temp.Path, "dir", "pipe");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stderr, Does.Contain("FIFO"));
    }

    [Test]
    [Platform(Exclude = "Win")]
    public void Dir_SymlinkToDevZero_IsSkipped()
    {
        using var temp = new TempDirectory();
        File.CreateSymbolicLink(temp.Combine("zero"), "/dev/zero");

        CliRunner.Result r = Scan(temp.Path, "dir", ".");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stderr, Does.Contain("character device"));
    }

    [Test]
    public void Stdin_LargerThanTheLimit_StopsReadingAtTheLimit()
    {
        using var temp = new TempDirectory();
        string big = new('x', 3 << 20);

        CliRunner.Result r = CliRunner.Run(CliRunner.Executable, ["stdin", "--max-file-size", "1MB"], temp.Path, big, timeoutMs: HardTimeoutMs);

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stderr, Does.Contain("SS1003").And.Contain("reading stopped there"));
    }

    private const string SlowRuleFile = """
        provider: Test
        rotation:
          url: https://example.com/keys
          steps: [Delete it.]
          update: [Environment variables]
        rules:
          - id: slow-rule
            name: Slow rule
            description: Backtracks catastrophically on a run of a's without the final b.
            severity: high
            keywords: [slw_]
            pattern: '(?<secret>slw_(?:a|aa)+b)'
            examples: ['x = slw_aab', 'y = slw_aaab']
            negative_examples: ['slw_', 'slw_b']
        """;

    [Test]
    public void Dir_RuleThatBacktracksCatastrophically_IsDisabledForTheFileWithOneWarning()
    {
        using var temp = new TempDirectory();
        temp.File("slow.yaml", SlowRuleFile);
        string line = "slw_" + new string('a', 40) + "!\n";
        temp.File("scan/input.txt", string.Concat(Enumerable.Repeat(line, 20)) + $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");

        var clock = Stopwatch.StartNew();
        CliRunner.Result r = Scan(temp.Path, "dir", "scan", "--rules", "slow.yaml");
        clock.Stop();

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stdout, Does.Contain("github-pat-classic"), "the other rules still ran on the file");
        Assert.That(r.Stderr.Split('\n').Count(l => l.Contains("SS1006")), Is.EqualTo(1), r.Stderr);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "20 windows must not each cost a timeout");
    }

    [Test]
    public void RulesCheck_ExampleThatTimesOut_IsAProblemNotACrash()
    {
        using var temp = new TempDirectory();
        temp.File("slow.yaml", SlowRuleFile.Replace("['slw_', 'slw_b']", "['slw_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', 'slw_b']"));

        CliRunner.Result r = Scan(temp.Path, "rules", "check", "slow.yaml");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stdout, Does.Contain("timed out"));
        Assert.That(r.Stderr, Does.Not.Contain("   at "));
    }

    [Test]
    public void Dir_AllowlistRegexThatBacktracks_KeepsTheFindingAndWarns()
    {
        using var temp = new TempDirectory();
        temp.File(".secretscan.yaml", "allowlist:\n  secrets: ['^(\\w+)+!$']\n");
        temp.File("leak.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");

        CliRunner.Result r = Scan(temp.Path, "dir", ".");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stderr, Does.Contain("SS1006").And.Contain("the finding was kept"));
        Assert.That(r.Stderr, Does.Not.Contain("   at "));
    }

    [Test]
    public void Staged_CorruptHeadCommit_ExitsTwoFastAndTheHookBlocks()
    {
        using var repo = TestRepository.Init();
        CliRunner.Result install = CliRunner.Run("sh", [Path.Combine(CliRunner.RepoRoot, "install.sh"), "--hook-only"], repo.Path, environment: repo.Environment);
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        string head = repo.Commit("first", ("a.txt", "hello\n"));
        string loose = Path.Combine(repo.Path, ".git", "objects", head[..2], head[2..]);
        File.SetAttributes(loose, FileAttributes.Normal);
        File.WriteAllBytes(loose, [0x78, 0x01, 0x2b, 0x29]);   // a truncated zlib stream
        repo.Write("b.txt", "more\n");
        repo.Git("add", "b.txt");

        var clock = Stopwatch.StartNew();
        CliRunner.Result staged = CliRunner.Run(CliRunner.Executable, ["staged"], repo.Path, environment: repo.Environment, timeoutMs: HardTimeoutMs);
        clock.Stop();
        CliRunner.Result commit = repo.RunGit(repo.Path, "commit", "-m", "second");

        Assert.That(staged.ExitCode, Is.EqualTo(2), staged.ToString());
        Assert.That(staged.Stderr, Does.Contain("secretscan: error:").And.Not.Contain("   at "));
        Assert.That(commit.ExitCode, Is.Not.Zero, commit.ToString());
        TestContext.Out.WriteLine($"staged on a corrupt HEAD failed in {clock.ElapsedMilliseconds} ms");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void Git_TruncatedLooseBlob_IsAWarningOrErrorNeverAStackTrace()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("a.txt", "hello\n"));
        string blob = repo.Git("rev-parse", "HEAD:a.txt");
        string loose = Path.Combine(repo.Path, ".git", "objects", blob[..2], blob[2..]);
        File.SetAttributes(loose, FileAttributes.Normal);
        byte[] bytes = File.ReadAllBytes(loose);
        File.WriteAllBytes(loose, bytes[..(bytes.Length / 2)]);

        CliRunner.Result r = CliRunner.Run(CliRunner.Executable, ["git"], repo.Path, environment: repo.Environment, timeoutMs: HardTimeoutMs);

        Assert.That(r.ExitCode, Is.AnyOf(0, 2), r.ToString());
        Assert.That(r.Stderr, Does.Not.Contain("   at ").And.Not.Contain("EndOfStreamException"));
        Assert.That(r.Stderr, Does.Contain("secretscan:"));
    }

    [Test]
    public void Git_ShallowClone_SaysHistoryIsTruncated()
    {
        using var repo = TestRepository.Init();
        repo.Commit("one", ("a.txt", "1\n"));
        repo.Commit("two", ("a.txt", "2\n"));
        string clone = repo.Temp.Combine("shallow");
        repo.GitIn(repo.Temp.Path, "clone", "-q", "--depth", "1", "file://" + repo.Path.Replace('\\', '/'), clone);

        CliRunner.Result r = CliRunner.Run(CliRunner.Executable, ["git"], clone, environment: repo.Environment, timeoutMs: HardTimeoutMs);

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stderr, Does.Contain("SS1202").And.Contain("shallow"));
    }

    [Test]
    [Platform(Exclude = "Win")]
    public void Interrupt_DuringAScanBlockedOnInput_ExitsWith130AndWritesNoReport()
    {
        using var temp = new TempDirectory();
        string report = temp.Combine("report.json");
        var psi = new ProcessStartInfo(CliRunner.Executable) { WorkingDirectory = temp.Path, RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in (string[])["stdin", "-f", "json", "-o", report]) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write("partial input, never closed\n");
        process.StandardInput.Flush();
        Thread.Sleep(1500);

        var clock = Stopwatch.StartNew();
        CliRunner.Result kill = CliRunner.Run("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], temp.Path, timeoutMs: 10_000);
        bool exited = process.WaitForExit(20_000);
        if (!exited) process.Kill(entireProcessTree: true);

        Assert.That(kill.ExitCode, Is.Zero, kill.ToString());
        Assert.That(exited, Is.True, "secretscan did not stop after SIGINT");
        Assert.That(process.ExitCode, Is.EqualTo(130), stderr.Result);
        Assert.That(stderr.Result, Does.Contain("cancelled").And.Not.Contain("   at "));
        Assert.That(File.Exists(report), Is.False, "no half-written report");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }
}
