using SecretScan.Tests.Support;

namespace SecretScan.Tests.Hardening;

/// <summary>Secrets outside files and messages (issue 10 §1): author and committer identity, tag messages, notes.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class MetadataTests
{
    [Test]
    public void Git_SecretInAuthorName_IsFoundAndMaskedEverywhere()
    {
        using var repo = TestRepository.Init();
        string secret = FakeSecrets.GitHubPat();
        repo.Commit("first", ("a.txt", "hello\n"));
        repo.Git("-c", $"user.name=token {secret}", "commit", "-q", "--no-verify", "--allow-empty", "-m", "second");

        var (exit, report, raw) = repo.ScanJson(repo.Path, "git");
        CliRunner.Result text = repo.Secretscan("git");

        Assert.That(exit, Is.EqualTo(1), raw.ToString());
        Assert.That(ReportedFinding.From(report).Select(f => f.File), Has.Member("(commit metadata)"));
        Assert.That(raw.Stdout, Does.Not.Contain(secret));
        Assert.That(text.Stdout + text.Stderr, Does.Not.Contain(secret));
    }

    [Test]
    public void Git_SecretInCommitterEmail_IsFound()
    {
        using var repo = TestRepository.Init();
        string secret = FakeSecrets.GitHubPat();
        var env = repo.Environment;
        env["GIT_COMMITTER_EMAIL"] = $"{secret}@example.test";
        repo.Write("a.txt", "x\n");
        repo.Git("add", "a.txt");
        CliRunner.Result commit = CliRunner.Run("git", ["commit", "-q", "--no-verify", "-m", "first"], repo.Path, environment: env);
        Assert.That(commit.ExitCode, Is.Zero, commit.ToString());

        var (exit, report, raw) = repo.ScanJson(repo.Path, "git");

        Assert.That(exit, Is.EqualTo(1), raw.ToString());
        Assert.That(ReportedFinding.From(report).Select(f => f.File), Has.Member("(commit metadata)"));
    }

    [Test]
    public void Git_SecretInAnnotatedTagMessage_IsFound()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("a.txt", "hello\n"));
        repo.Git("tag", "-a", "v1", "-m", $"release, token {FakeSecrets.GitHubPat()}");

        var (exit, report, raw) = repo.ScanJson(repo.Path, "git");

        Assert.That(exit, Is.EqualTo(1), raw.ToString());
        Assert.That(ReportedFinding.From(report).Select(f => f.File), Has.Member("(tag refs/tags/v1)"));
    }

    [Test]
    public void Git_SecretInANote_IsFound()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("a.txt", "hello\n"));
        repo.Git("notes", "add", "-m", $"deployed with {FakeSecrets.GitHubPat()}");

        var (exit, report, raw) = repo.ScanJson(repo.Path, "git");

        Assert.That(exit, Is.EqualTo(1), raw.ToString());
        Assert.That(ReportedFinding.From(report).Select(f => f.File), Has.Some.StartsWith("(note on "));
    }
}
