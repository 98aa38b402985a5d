using System.Text;
using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>The real executable on real folders: exit codes, outputs, masking and every kind of bad input.</summary>
public class DirScanTests
{
    private const string RuleFile = TestRules.TestKeyRuleFile;

    private static JsonElement Json(CliRunner.Result r) => JsonDocument.Parse(r.Stdout).RootElement;

    [Test]
    public void Dir_PlantedGitHubToken_ExitsOneWithMaskedFindingAndRotation()
    {
        using var dir = new TempDirectory();
        string token = FakeSecrets.GitHubPat();
        dir.File("src/app.py", $"import os\n\nTOKEN = \"{token}\"\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        var finding = Json(r).GetProperty("findings").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(finding.GetProperty("file").GetString(), Is.EqualTo("src/app.py"));
            Assert.That(finding.GetProperty("line").GetInt32(), Is.EqualTo(3));
            Assert.That(finding.GetProperty("column").GetInt32(), Is.EqualTo(10));
            Assert.That(finding.GetProperty("provider").GetString(), Is.EqualTo("GitHub"));
            Assert.That(finding.GetProperty("rotation").GetProperty("url").GetString(), Does.StartWith("https://github.com/settings"));
            Assert.That(r.Stdout, Does.Not.Contain(token[4..]));
        });
    }

    [Test]
    public void Dir_Reveal_PrintsTheSecret()
    {
        using var dir = new TempDirectory();
        string token = FakeSecrets.GitHubPat();
        dir.File("a.env", $"GITHUB_TOKEN={token}\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", "--reveal");
        Assert.That(r.Stdout, Does.Contain(token), r.ToString());
    }

    [Test]
    public void Dir_TextReport_HasLocationRotationGuideAndSummary()
    {
        using var dir = new TempDirectory();
        string key = FakeSecrets.AwsAccessKeyId();
        dir.File("deploy/config.yml", $"aws:\n  access_key_id: {key}\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", ".");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
            Assert.That(r.Stdout, Does.Contain("deploy/config.yml:2:18"));
            Assert.That(r.Stdout, Does.Contain("How to rotate"));
            Assert.That(r.Stdout, Does.Contain("does not remove the key from git history"));
            Assert.That(r.Stdout, Does.Match(@"1 secret\(s\) found \(1 critical\)"));
            Assert.That(r.Stdout, Does.Not.Contain(key[4..]));
        });
    }

    [Test]
    public void Dir_CleanFolder_ExitsZero()
    {
        using var dir = new TempDirectory();
        dir.File("readme.md", "nothing here\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", ".");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
            Assert.That(r.Stdout, Does.Contain("No secrets found"));
        });
    }

    [Test]
    public void Dir_ExitCodeOption_ChangesTheCodeForFindings()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", FakeSecrets.GitHubPat());
        Assert.That(CliRunner.Secretscan(dir.Path, "dir", ".", "--exit-code", "42").ExitCode, Is.EqualTo(42));
    }

    [Test]
    public void Dir_SkipsDotGitBinaryAndOversizedFiles_WithDiagnostics()
    {
        using var dir = new TempDirectory();
        dir.File(".git/config", FakeSecrets.GitHubPat());
        File.WriteAllBytes(dir.Combine("image.bin"), [.. Encoding.ASCII.GetBytes(FakeSecrets.GitHubPat()), 0, 1, 2]);
        dir.File("big.txt", new string('a', 3000) + FakeSecrets.GitHubPat());
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "--format", "json", "--max-file-size", "2KB");
        var all = Json(r).GetProperty("diagnostics").EnumerateArray().ToList();
        var diagnostics = all.Where(d => d.TryGetProperty("file", out _)).Select(d => $"{d.GetProperty("file").GetString()}:{d.GetProperty("code").GetString()}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
            Assert.That(diagnostics, Is.EquivalentTo(new[] { "image.bin:SS1002", "big.txt:SS1003" }));
            // The per-file notes are totalled in one warning, so skips are seen without -v (issue 10 §3).
            Assert.That(all.Where(d => !d.TryGetProperty("file", out _)).Select(d => d.GetProperty("code").GetString()), Is.EqualTo(new[] { "SS1009" }));
        });
    }

    [Test]
    public void Dir_InvalidUtf8AndBrokenSymlink_WarnAndScanGoesOn()
    {
        using var dir = new TempDirectory();
        string token = FakeSecrets.GitHubPat();
        File.WriteAllBytes(dir.Combine("latin1.txt"), [.. Encoding.Latin1.GetBytes("caf\u00e9 = 1\n"), .. Encoding.ASCII.GetBytes(token)]);
        if (!OperatingSystem.IsWindows()) File.CreateSymbolicLink(dir.Combine("dangling"), dir.Combine("does-not-exist"));
        var r = CliRunner.Secretscan(dir.Path, "dir", ".");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
            Assert.That(r.Stdout, Does.Contain("latin1.txt:2:1"));
            Assert.That(r.Stderr, Does.Contain("latin1.txt: warning SS1004"));
            if (!OperatingSystem.IsWindows()) Assert.That(r.Stderr, Does.Contain("dangling: warning SS1005"));
        });
    }

    [Test]
    public void Dir_Utf16File_ReportsCorrectLine()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("w.ps1"), [0xFF, 0xFE, .. Encoding.Unicode.GetBytes($"# header\r\n$token = '{FakeSecrets.GitHubPat()}'\r\n")]);
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "-f", "json");
        var f = Json(r).GetProperty("findings").EnumerateArray().Single();
        Assert.That((f.GetProperty("line").GetInt32(), f.GetProperty("column").GetInt32()), Is.EqualTo((2, 11)));
    }

    [Test]
    public void Dir_Exclude_SkipsMatchingPaths()
    {
        using var dir = new TempDirectory();
        dir.File("vendor/lib/a.js", FakeSecrets.GitHubPat());
        dir.File("src/b.js", FakeSecrets.GitHubPat());
        var r = CliRunner.Secretscan(dir.Path, "dir", "-x", "vendor/**", ".", "-f", "json");
        var files = Json(r).GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("file").GetString()).ToList();
        Assert.That(files, Is.EqualTo(new[] { "src/b.js" }));
    }

    [Test]
    public void Dir_OutputFile_IsOwnerOnlyAndStdoutEmpty()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", FakeSecrets.GitHubPat());
        string report = Path.Combine(dir.Path, "..", Path.GetFileName(dir.Path) + ".json");
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "-f", "json", "-o", report);
        try
        {
            Assert.That(r.Stdout, Is.Empty);
            Assert.That(JsonDocument.Parse(File.ReadAllText(report)).RootElement.GetProperty("findings").GetArrayLength(), Is.EqualTo(1));
            if (!OperatingSystem.IsWindows())
                Assert.That(File.GetUnixFileMode(report), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
        finally { File.Delete(report); }
    }

    [Test, Platform(Exclude = "Win")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Dir_OutputToExistingFile_KeepsItsMode()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", FakeSecrets.GitHubPat());
        string report = dir.File("report.json", "");
        File.SetUnixFileMode(report, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var r = CliRunner.Secretscan(dir.Path, "dir", "a.txt", "-f", "json", "-o", report);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
            Assert.That(File.GetUnixFileMode(report), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead));
        });
    }

    [Test]
    public void Stdin_WithPathHint_NamesTheFragment()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.SecretscanWithInput(dir.Path, $"x\nGITHUB_TOKEN={FakeSecrets.GitHubPat()}\n", "stdin", "--path-hint", "config/.env", "-f", "json");
        var f = Json(r).GetProperty("findings").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(f.GetProperty("file").GetString(), Is.EqualTo("config/.env"));
            Assert.That(f.GetProperty("line").GetInt32(), Is.EqualTo(2));
        });
    }

    [TestCase(new[] { "dir", "does-not-exist" }, "path 'does-not-exist' does not exist")]
    [TestCase(new[] { "dir", ".", "--format" }, "option '--format' needs a value")]
    [TestCase(new[] { "dir", "--config" }, "option '--config' needs a value")]
    [TestCase(new[] { "dir", "--exclude", "--reveal" }, "option '--exclude' needs a value")]
    [TestCase(new[] { "dir", "a", "b" }, "takes one path")]
    [TestCase(new[] { "dir", ".", "--format", "xml" }, "unknown format 'xml'")]
    [TestCase(new[] { "dir", ".", "--max-file-size", "huge" }, "--max-file-size")]
    [TestCase(new[] { "dir", ".", "--rules", "missing.yaml" }, "missing.yaml:1:1: error: cannot read rule file")]
    [TestCase(new[] { "dir", ".", "--bogus" }, "unknown option '--bogus' for 'dir'")]
    [TestCase(new[] { "scan" }, "unknown command 'scan' (commands: dir, stdin, git, staged, rules, baseline, ignore)")]
    public void BadArguments_ExitTwoWithAClearMessageAndNoStackTrace(string[] args, string message)
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Secretscan(dir.Path, args);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain(message));
            Assert.That(r.Stderr + r.Stdout, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public void BrokenRuleFile_FailsBeforeScanningWithEveryProblemAndItsPosition()
    {
        using var dir = new TempDirectory();
        string broken = RuleFile.Replace(@"'\b(?<secret>tk_[A-Za-z0-9]{20})\b'", "'(?<secret>tk_[oops'").Replace("severity: high", "severity: high\n    colour: red");
        dir.File("bad.yaml", broken);
        dir.File("a.txt", FakeSecrets.GitHubPat());
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "--rules", "bad.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain("bad.yaml:11:5: error: rule 'test-key': unknown key 'colour'"));
            Assert.That(r.Stderr, Does.Contain("bad.yaml:13:14: error: rule 'test-key': invalid regex"));
            Assert.That(r.Stdout, Is.Empty);
        });
    }

    [Test]
    public void UserRule_AddsToDefaultsAndOverridesById()
    {
        using var dir = new TempDirectory();
        dir.File("rules.yaml", RuleFile);
        dir.File("a.txt", $"tk_aB3dE5gH7jK9mN1pQ3sT\n{FakeSecrets.GitHubPat()}\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", "a.txt", "--rules", "rules.yaml", "-f", "json");
        var ids = Json(r).GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();
        Assert.That(ids, Has.Count.EqualTo(2).And.Contains("test-key"));
    }

    [Test]
    public void RulesCheck_Defaults_AllPass()
    {
        var r = CliRunner.Secretscan(CliRunner.RepoRoot, "rules", "check");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
            Assert.That(r.Stdout, Does.Match(@"\d+ rules, \d+ providers, \d+ examples, \d+ negative examples: all passed"));
        });
    }

    [Test]
    public void RulesList_ShowsIdProviderAndSeverity()
    {
        var r = CliRunner.Secretscan(CliRunner.RepoRoot, "rules", "list");
        Assert.That(r.Stdout, Does.Match(@"(?m)^openai-\S+\s+OpenAI\s+critical"));
    }

    [Test]
    public void SelfScan_History_ReportsNothingBeyondItsBaseline()
    {
        // The history of the checked-out branch: other local refs (worktrees of work in progress share this
        // repository) are judged when they land, not here.
        var r = CliRunner.Secretscan(CliRunner.RepoRoot, "git", ".", "--branch", "HEAD");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
    }

    [Test]
    public void SelfScan_Repository_ReportsNothingBeyondItsAllowlist()
    {
        var r = CliRunner.Secretscan(CliRunner.RepoRoot, "dir", ".", "--exclude", "**/bin/**", "--exclude", "**/obj/**");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
    }
}
