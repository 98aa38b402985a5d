using SecretScan.Tests.Support;

namespace SecretScan.Tests.Hardening;

/// <summary>The commit-msg and pre-push hooks, installed by the real install script and run by real git commands.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ExtraHooksTests
{
    private static TestRepository RepositoryWithAllHooks()
    {
        var repo = TestRepository.Init();
        CliRunner.Result install = CliRunner.Run("sh", [Path.Combine(CliRunner.RepoRoot, "install.sh"), "--hook-only", "--extra-hooks"], repo.Path, environment: repo.Environment);
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        Assert.That(install.Stdout, Does.Contain("commit-msg").And.Contain("pre-push"));
        return repo;
    }

    /// <summary>A bare remote next to the repository, with main pushed to it (through --no-verify: the setup is not under test).</summary>
    private static string AddRemote(TestRepository repo)
    {
        string remote = repo.Temp.Combine("remote.git");
        repo.GitIn(repo.Temp.Path, "init", "-q", "--bare", "-b", "main", remote);
        repo.Git("remote", "add", "origin", remote);
        repo.Commit("first", ("README.md", "hello\n"));
        repo.Git("push", "-q", "--no-verify", "origin", "main");
        return remote;
    }

    [Test]
    public void CommitMsg_SecretInTheMessage_BlocksTheCommit()
    {
        using var repo = RepositoryWithAllHooks();
        repo.Commit("first", ("README.md", "hello\n"));
        string secret = FakeSecrets.GitHubPat();
        repo.Write("a.txt", "x\n");
        repo.Git("add", "a.txt");

        CliRunner.Result commit = repo.RunGit(repo.Path, "commit", "-m", $"use token {secret} for now");

        Assert.That(commit.ExitCode, Is.Not.Zero, commit.ToString());
        Assert.That(commit.Stderr, Does.Contain("COMMIT BLOCKED").And.Not.Contain(secret));
        Assert.That(repo.Git("log", "--format=%s"), Is.EqualTo("first"));
    }

    [Test]
    public void CommitMsg_CleanMessage_Commits()
    {
        using var repo = RepositoryWithAllHooks();
        repo.Write("a.txt", "x\n");
        repo.Git("add", "a.txt");

        CliRunner.Result commit = repo.RunGit(repo.Path, "commit", "-m", "an ordinary message");

        Assert.That(commit.ExitCode, Is.Zero, commit.ToString());
    }

    [Test]
    public void CommitMsg_ExecutableMissing_FailsClosed()
    {
        using var repo = RepositoryWithAllHooks();
        repo.Write("a.txt", "x\n");
        repo.Git("add", "a.txt");
        var env = repo.Environment;
        env["SECRETSCAN"] = "/nonexistent/secretscan";

        CliRunner.Result commit = CliRunner.Run("git", ["commit", "-m", "msg"], repo.Path, environment: env);

        Assert.That(commit.ExitCode, Is.Not.Zero, commit.ToString());
    }

    [Test]
    public void PrePush_PushedCommitWithSecret_IsBlockedAndTheRemoteIsUnchanged()
    {
        using var repo = RepositoryWithAllHooks();
        string remote = AddRemote(repo);
        repo.Commit("leak", ("deploy.sh", $"export GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n"));   // --no-verify: only the push hook is tried

        CliRunner.Result push = repo.RunGit(repo.Path, "push", "origin", "main");

        Assert.That(push.ExitCode, Is.Not.Zero, push.ToString());
        Assert.That(push.Stderr, Does.Contain("PUSH BLOCKED").And.Contain("deploy.sh"));
        Assert.That(repo.GitIn(remote, "log", "--format=%s", "main"), Is.EqualTo("first"));
    }

    [Test]
    public void PrePush_SecretOnlyInCommitsTheRemoteAlreadyHas_IsNotScannedAgain()
    {
        using var repo = RepositoryWithAllHooks();
        string remote = repo.Temp.Combine("remote.git");
        repo.GitIn(repo.Temp.Path, "init", "-q", "--bare", "-b", "main", remote);
        repo.Git("remote", "add", "origin", remote);
        repo.Commit("old leak", ("old.sh", $"export GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n"));
        repo.Git("push", "-q", "--no-verify", "origin", "main");
        repo.Commit("clean", ("README.md", "more\n"));

        CliRunner.Result push = repo.RunGit(repo.Path, "push", "origin", "main");

        Assert.That(push.ExitCode, Is.Zero, push.ToString());
        Assert.That(repo.GitIn(remote, "log", "-1", "--format=%s", "main"), Is.EqualTo("clean"));
    }

    [Test]
    public void PrePush_NewBranchWithSecret_IsBlocked()
    {
        using var repo = RepositoryWithAllHooks();
        AddRemote(repo);
        repo.Git("fetch", "-q", "origin");
        repo.Git("remote", "set-head", "origin", "main");
        repo.Git("checkout", "-q", "-b", "feature");
        repo.Commit("leak", ("deploy.sh", $"export GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n"));

        CliRunner.Result push = repo.RunGit(repo.Path, "push", "origin", "feature");

        Assert.That(push.ExitCode, Is.Not.Zero, push.ToString());
        Assert.That(push.Stderr, Does.Contain("PUSH BLOCKED"));
    }

    [Test]
    public void PrePush_CorruptRepository_FailsClosed()
    {
        using var repo = RepositoryWithAllHooks();
        AddRemote(repo);
        string head = repo.Commit("second", ("b.txt", "b\n"));
        string loose = Path.Combine(repo.Path, ".git", "objects", head[..2], head[2..]);
        File.SetAttributes(loose, FileAttributes.Normal);
        File.WriteAllBytes(loose, [0x78, 0x01, 0x2b, 0x29]);

        CliRunner.Result push = CliRunner.Run("git", ["push", "origin", "main"], repo.Path, environment: repo.Environment, timeoutMs: 60_000);

        Assert.That(push.ExitCode, Is.Not.Zero, push.ToString());
    }
}
