using SecretScan.Tests.Support;

namespace SecretScan.Tests.Hardening;

/// <summary>
/// <c>rule_files</c> named by the config belong to the commit like the config itself: <c>staged</c> reads them from the
/// index, so a rule file weakened (or made up) only in the working tree cannot change what the hook checks.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class StagedRuleFilesTests
{
    private const string Config = "rule_files: [ci/acme-rules.yaml]\n";

    private static string AcmeRules(string pattern) => $$"""
        rules:
          - id: acme-deploy-token
            name: Acme deploy token
            description: A deploy token of Acme's internal platform.
            provider: Acme
            severity: high
            keywords: [acme_dt_]
            pattern: '{{pattern}}'
            rotation:
              url: https://acme.example/settings/tokens
              steps: [Revoke the token in Acme's settings.]
              update: [CI variables]
            examples:
              - 'ACME_DEPLOY=acme_dt_q7w2e9r4t6y1u3i8o5p0a2s4'
              - 'deploy with acme_dt_z8x6c4v2b0n9m7l5k3j1h2g4'
            negative_examples:
              - 'ACME_DEPLOY=acme_dt_<value>'
              - 'acme_dt_ is the prefix of deploy tokens'

        """;

    private const string Strong = @"\b(?<secret>acme_dt_[a-z0-9]{24})\b";
    // The same id, and a pattern that needs a prefix no token has: the rule is still there, and never matches.
    private const string Weakened = @"\b(?<secret>acme_dt_never_[a-z0-9]{24})\b";

    private static string Token() => "acme_dt_" + FakeSecrets.Random("abcdefghijklmnopqrstuvwxyz0123456789", 24);

    [Test]
    public void RuleFileWeakenedOnlyInTheWorkingTree_TheStagedRulesStillBlock()
    {
        using var repo = TestRepository.Init();
        repo.Commit("rules", (".secretscan.yaml", Config), ("ci/acme-rules.yaml", AcmeRules(Strong)));
        repo.Write("deploy.env", $"ACME_DEPLOY={Token()}\n");
        repo.Git("add", "deploy.env");
        repo.Write("ci/acme-rules.yaml", AcmeRules(Weakened));   // modified, not staged

        CliRunner.Result staged = repo.Secretscan("staged");
        CliRunner.Result dir = repo.Secretscan("dir", ".");

        Assert.Multiple(() =>
        {
            Assert.That(staged.ExitCode, Is.EqualTo(1), staged.ToString());
            Assert.That(staged.Stdout, Does.Contain("acme-deploy-token").And.Contain("deploy.env:1:"));
            Assert.That(dir.ExitCode, Is.Zero, "a directory scan reads the working tree, whose rule no longer matches: " + dir);
        });
    }

    [Test]
    public void RuleFileStrengthenedOnlyInTheWorkingTree_IsNotWhatTheCommitCarries()
    {
        using var repo = TestRepository.Init();
        repo.Commit("rules", (".secretscan.yaml", Config), ("ci/acme-rules.yaml", AcmeRules(Weakened)));
        repo.Write("deploy.env", $"ACME_DEPLOY={Token()}\n");
        repo.Git("add", "deploy.env");
        repo.Write("ci/acme-rules.yaml", AcmeRules(Strong));   // modified, not staged

        CliRunner.Result staged = repo.Secretscan("staged");

        Assert.That(staged.ExitCode, Is.Zero, "the staged rule is the weak one: " + staged);
    }

    [Test]
    public void RuleFileNamedByTheStagedConfigButNotStaged_FailsClosed()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("README.md", "hello\n"));
        repo.Write(".secretscan.yaml", Config);
        repo.Write("deploy.env", $"ACME_DEPLOY={Token()}\n");
        repo.Git("add", ".secretscan.yaml", "deploy.env");
        repo.Write("ci/acme-rules.yaml", AcmeRules(Strong));   // untracked

        CliRunner.Result staged = repo.Secretscan("staged");

        Assert.That(staged.ExitCode, Is.EqualTo(2), staged.ToString());
        Assert.That(staged.Stderr, Does.Contain("ci/acme-rules.yaml").And.Contain("not staged"));
    }

    [Test]
    public void Hook_UsesTheStagedRuleFile()
    {
        using var repo = TestRepository.Init();
        repo.Commit("rules", (".secretscan.yaml", Config), ("ci/acme-rules.yaml", AcmeRules(Strong)));
        CliRunner.Result install = CliRunner.Run("sh", [Path.Combine(CliRunner.RepoRoot, "install.sh"), "--hook-only"], repo.Path, environment: repo.Environment);
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        repo.Write("deploy.env", $"ACME_DEPLOY={Token()}\n");
        repo.Git("add", "deploy.env");
        repo.Write("ci/acme-rules.yaml", AcmeRules(Weakened));   // modified, not staged

        CliRunner.Result commit = repo.RunGit(repo.Path, "commit", "-m", "deploy settings");

        Assert.That(commit.ExitCode, Is.Not.Zero, commit.ToString());
        Assert.That(commit.Stdout + commit.Stderr, Does.Contain("acme-deploy-token"));
    }
}
