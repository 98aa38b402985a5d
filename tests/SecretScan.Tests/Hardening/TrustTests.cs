using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Hardening;

/// <summary>
/// Hostile repositories, built at test time, that try to switch the pre-commit check off (issue 10 §1): each one
/// must fail to hide a staged secret, or must at least be named in the output.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class TrustTests
{
    private const string AllowEverything = "allowlist:\n  paths: ['**']\n";

    private static TestRepository RepositoryWithStagedSecret(out string secret)
    {
        var repo = TestRepository.Init();
        repo.Commit("first", ("README.md", "hello\n"));
        secret = FakeSecrets.GitHubPat();
        repo.Write("deploy.sh", $"export GITHUB_TOKEN={secret}\n");
        repo.Git("add", "deploy.sh");
        return repo;
    }

    [Test]
    public void Staged_UntrackedConfigAllowingEverything_DoesNotSilenceTheCommit()
    {
        using var repo = RepositoryWithStagedSecret(out _);
        repo.Write(".secretscan.yaml", AllowEverything);   // never staged

        CliRunner.Result r = repo.Secretscan("staged");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stdout, Does.Contain("deploy.sh:1:"));
    }

    [Test]
    public void Staged_ConfigWeakenedOnlyInWorkingTree_UsesTheStagedConfig()
    {
        using var repo = TestRepository.Init();
        repo.Commit("config", (".secretscan.yaml", "options:\n  format: text\n"));
        repo.Write("deploy.sh", $"export GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        repo.Git("add", "deploy.sh");
        repo.Write(".secretscan.yaml", AllowEverything);   // modified, not staged

        CliRunner.Result r = repo.Secretscan("staged");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
    }

    [Test]
    public void Staged_StagedConfigAllowingEverything_IsNamedAsAWarning()
    {
        using var repo = RepositoryWithStagedSecret(out _);
        repo.Write(".secretscan.yaml", AllowEverything);
        repo.Git("add", ".secretscan.yaml");

        CliRunner.Result r = repo.Secretscan("staged");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stderr, Does.Contain("SS1501").And.Contain("allowlist.paths").And.Contain(".secretscan.yaml"));
        Assert.That(r.Stdout, Does.Contain("held back: 1 allowlist"));
    }

    [Test]
    public void Staged_BaselineNamedByConfigButNotStaged_FailsClosed()
    {
        using var repo = RepositoryWithStagedSecret(out _);
        repo.Write(".secretscan.yaml", "options:\n  baseline: .secretscan-baseline.json\n");
        repo.Git("add", ".secretscan.yaml");
        repo.Write(".secretscan-baseline.json", "{\"entries\": []}");   // untracked

        CliRunner.Result r = repo.Secretscan("staged");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain("not staged"));
    }

    [Test]
    public void Staged_UserPolicyDistrustsRepositoryConfig_AllowlistIsIgnoredAndSaidSo()
    {
        using var repo = RepositoryWithStagedSecret(out _);
        repo.Write(".secretscan.yaml", AllowEverything + "disable: [github-pat-classic]\n");
        repo.Git("add", ".secretscan.yaml");
        string policy = Path.Combine(repo.Home, ".config", "secretscan", "config.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(policy)!);
        File.WriteAllText(policy, "trust_repository_config: false\n");

        CliRunner.Result r = repo.Secretscan("staged");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stderr, Does.Contain("trust_repository_config").And.Contain("disable").And.Contain("allowlist.paths"));
    }

    [Test]
    public void Staged_UserPolicyWithUnknownKey_IsAnErrorWithPosition()
    {
        using var repo = RepositoryWithStagedSecret(out _);
        string policy = Path.Combine(repo.Home, ".config", "secretscan", "config.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(policy)!);
        File.WriteAllText(policy, "trust_repository_config: false\ntrust_everything: true\n");

        CliRunner.Result r = repo.Secretscan("staged");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain("config.yaml:2:1: error: unknown key 'trust_everything'"));
    }

    [Test]
    public void Hook_ConfigHoldsTheSecretBack_PrintsTheHeldBackLine()
    {
        using var repo = RepositoryWithStagedSecret(out _);
        CliRunner.Result install = CliRunner.Run("sh", [Path.Combine(CliRunner.RepoRoot, "install.sh"), "--hook-only"], repo.Path, environment: repo.Environment);
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        repo.Write(".secretscan.yaml", "allowlist:\n  paths: ['deploy.sh']\n");
        repo.Git("add", ".secretscan.yaml");

        CliRunner.Result commit = repo.RunGit(repo.Path, "commit", "-m", "allowlisted");

        Assert.That(commit.ExitCode, Is.Zero, commit.ToString());
        Assert.That(commit.Stderr, Does.Contain("held back: 1 allowlist"), "the hook must not filter out what was suppressed");
    }

    [TestCase("disable: [github-pat-classic]\n", "rulesDisabled", 1)]
    public void Json_DisabledRules_AreCounted(string config, string field, int expected)
    {
        using var repo = RepositoryWithStagedSecret(out _);
        repo.Write(".secretscan.yaml", config);
        repo.Git("add", ".secretscan.yaml");

        var (_, report, raw) = repo.ScanJson(repo.Path, "staged");

        Assert.That(report.GetProperty("stats").GetProperty(field).GetInt32(), Is.EqualTo(expected), raw.ToString());
        Assert.That(raw.Stderr + raw.Stdout, Does.Contain("SS1503"));
    }

    [TestCase("allowlist:\n  secrets: ['.*']\n", "allowlist.secrets")]
    [TestCase("allowlist:\n  lines: ['^']\n", "allowlist.lines")]
    [TestCase("options:\n  exclude: ['**/*']\n", "options.exclude")]
    [TestCase("override:\n  github-pat-classic:\n    entropy: 7.5\n", "override")]
    [TestCase("allowlist:\n  stopwords: ['a']\n", "allowlist.stopwords")]
    public void Config_HoldingBackEverything_IsAWarningNamingTheSetting(string config, string setting)
    {
        using var temp = new TempDirectory();
        temp.File(".secretscan.yaml", config);
        temp.File("a.txt", "hello\n");

        CliRunner.Result r = CliRunner.Secretscan(temp.Path, "dir", ".", "-f", "json");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stderr, Does.Contain($"({setting})").And.Contain("SS1501"));
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.GetRawText(), Does.Contain("SS1501"), "in the report too, not only on stderr");
    }

    [Test]
    public void Config_EmptyStopword_IsAnErrorWithPosition()
    {
        using var temp = new TempDirectory();
        temp.File(".secretscan.yaml", "allowlist:\n  stopwords: ['']\n");

        CliRunner.Result r = CliRunner.Secretscan(temp.Path, "dir", ".");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain(".secretscan.yaml:2:15: error: an empty stopword"));
    }

    [Test]
    public void Config_UnknownKeyThatLooksLikeASecret_IsMaskedInTheError()
    {
        using var temp = new TempDirectory();
        string secret = FakeSecrets.GitHubPat();
        temp.File(".secretscan.yaml", $"{secret}: 1\n");

        CliRunner.Result r = CliRunner.Secretscan(temp.Path, "dir", ".");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain(".secretscan.yaml:1:1: error: unknown key").And.Not.Contain(secret[..12]));
    }

    [Test]
    public void Config_InvalidAllowlistRegexHoldingASecret_IsNotEchoed()
    {
        using var temp = new TempDirectory();
        string secret = FakeSecrets.AwsAccessKeyId();
        temp.File(".secretscan.yaml", $"allowlist:\n  secrets: ['({secret}']\n");

        CliRunner.Result r = CliRunner.Secretscan(temp.Path, "dir", ".");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain(":2:").And.Contain("invalid regex").And.Not.Contain(secret));
    }

    private static string Pointer(string oid, string size) =>
        $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {size}\n";

    [Test]
    public void Staged_ValidLfsPointer_IsSkipped()
    {
        using var repo = TestRepository.Init();
        repo.Write("model.bin", Pointer(new string('a', 64), "12345"));
        repo.Git("add", ".");

        var (_, report, raw) = repo.ScanJson(repo.Path, "staged", "-v");

        Assert.That(report.GetProperty("stats").GetProperty("skipped").GetInt32(), Is.EqualTo(1), raw.ToString());
    }

    [TestCase("header only")]
    [TestCase("short oid")]
    [TestCase("size not a number")]
    [TestCase("keys out of order")]
    [TestCase("extra key")]
    public void Staged_FakeLfsPointerCarryingASecret_IsScanned(string variant)
    {
        using var repo = TestRepository.Init();
        string secret = FakeSecrets.GitHubPat();
        string oid = new('b', 64);
        string content = variant switch
        {
            "header only" => $"version https://git-lfs.github.com/spec/v1\nGITHUB_TOKEN={secret}\n",
            "short oid" => $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid[..40]}\nsize 1\ntoken {secret}\n",
            "size not a number" => $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {secret}\n",
            "keys out of order" => $"version https://git-lfs.github.com/spec/v1\nsize 10\noid sha256:{oid}\nx {secret}\n",
            _ => $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize 10\ntoken {secret}\n",
        };
        repo.Write("model.bin", content);
        repo.Git("add", ".");

        CliRunner.Result r = repo.Secretscan("staged");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
    }

    [Test]
    public void History_FakeLfsPointerCarryingASecret_IsScanned()
    {
        using var repo = TestRepository.Init();
        string secret = FakeSecrets.GitHubPat();
        repo.Commit("pointer?", ("model.bin", $"version https://git-lfs.github.com/spec/v1\nGITHUB_TOKEN={secret}\n"));

        CliRunner.Result r = repo.Secretscan("git");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
    }
}
