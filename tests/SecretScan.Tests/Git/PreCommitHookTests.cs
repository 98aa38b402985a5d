using SecretScan.Tests.Support;

namespace SecretScan.Tests.Git;

/// <summary>The real hook, installed by the real install script, run by a real <c>git commit</c>.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PreCommitHookTests
{
    private static string InstallScript => Path.Combine(CliRunner.RepoRoot, "install.sh");

    private static TestRepository RepositoryWithHook()
    {
        var repo = TestRepository.Init();
        CliRunner.Result install = CliRunner.Run("sh", [InstallScript, "--hook-only"], repo.Path, environment: repo.Environment);
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        return repo;
    }

    [Test]
    public void Commit_StagedSecret_IsBlockedByHook()
    {
        using var repo = RepositoryWithHook();
        repo.Commit("first", ("README.md", "hello\n"));
        string secret = FakeSecrets.GitHubPat();
        repo.Write("deploy.sh", $"export GITHUB_TOKEN={secret}\n");
        repo.Git("add", "deploy.sh");

        CliRunner.Result commit = repo.RunGit(repo.Path, "commit", "-m", "add deploy script");

        Assert.That(commit.ExitCode, Is.Not.Zero, commit.ToString());
        Assert.That(repo.Git("log", "--format=%s"), Is.EqualTo("first"), "no commit was made");
        string output = commit.Stdout + commit.Stderr;
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("deploy.sh:1:"));
            Assert.That(output, Does.Not.Contain(secret), "the secret is masked");
            Assert.That(output, Does.Contain("How to rotate"));
            Assert.That(output, Does.Contain("git restore --staged deploy.sh"), "the real file, and the command that works once HEAD exists");
            Assert.That(output, Does.Not.Contain("<file>"));
            Assert.That(output, Does.Contain("secretscan:allow"));
            Assert.That(output, Does.Contain("--no-verify"));
        });
    }

    [Test]
    public void Commit_CleanChange_PassesHook()
    {
        using var repo = RepositoryWithHook();
        repo.Write("README.md", "hello\n");
        repo.Git("add", "README.md");

        CliRunner.Result commit = repo.RunGit(repo.Path, "commit", "-q", "-m", "docs");

        Assert.That(commit.ExitCode, Is.Zero, commit.ToString());
        Assert.That(repo.Git("log", "--format=%s"), Is.EqualTo("docs"));
        Assert.That(commit.Stdout + commit.Stderr, Is.Empty, "a clean commit stays quiet");
    }

    [Test]
    public void Commit_FirstCommitWithSecret_FooterSaysGitRmCached()
    {
        // Before the first commit there is no HEAD: `git restore --staged` fails there, `git rm --cached` works.
        using var repo = RepositoryWithHook();
        repo.Write("config/app settings.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        repo.Write("ok.txt", "fine\n");
        repo.Git("add", ".");

        CliRunner.Result commit = repo.RunGit(repo.Path, "commit", "-m", "initial");

        string output = commit.Stdout + commit.Stderr;
        Assert.Multiple(() =>
        {
            Assert.That(commit.ExitCode, Is.Not.Zero, commit.ToString());
            Assert.That(output, Does.Contain("git rm --cached 'config/app settings.env'"), "quoted so it can be pasted");
            Assert.That(output, Does.Not.Contain("git restore --staged"));
            Assert.That(output, Does.Not.Contain("ok.txt"), "only the files with secrets are named");
        });
        repo.Git("rm", "-q", "--cached", "config/app settings.env");
        Assert.That(repo.RunGit(repo.Path, "commit", "-q", "-m", "initial").ExitCode, Is.Zero, "the suggested command did unstage it");
    }

    [Test]
    public void Commit_AllowMarkerOnLine_Passes()
    {
        using var repo = RepositoryWithHook();
        repo.Write("test_data.py", $"FAKE = '{FakeSecrets.GitHubPat()}'  # secretscan:allow\n");
        repo.Git("add", "test_data.py");

        CliRunner.Result commit = repo.RunGit(repo.Path, "commit", "-q", "-m", "fixtures");

        Assert.That(commit.ExitCode, Is.Zero, commit.ToString());
    }

    [Test]
    public void CommitAll_SecretInTrackedFile_IsBlocked()
    {
        // `git commit -a` hands the hook a temporary index (GIT_INDEX_FILE): the scan must read that one.
        using var repo = RepositoryWithHook();
        repo.Commit("first", ("app.cfg", "a = 1\n"));
        repo.Write("app.cfg", $"a = 1\ntoken = {FakeSecrets.GitHubPat()}\n");

        CliRunner.Result commit = repo.RunGit(repo.Path, "commit", "-a", "-m", "tweak");

        Assert.That(commit.ExitCode, Is.Not.Zero, commit.ToString());
        Assert.That(commit.Stdout + commit.Stderr, Does.Contain("app.cfg:2:"));
    }

    [Test]
    public void Commit_SecretscanNotOnPath_FailsClosedWithInstructions()
    {
        using var repo = RepositoryWithHook();
        repo.Write("a.txt", "nothing secret\n");
        repo.Git("add", "a.txt");
        var env = repo.Environment;
        // git and sh stay reachable; the folder with secretscan does not.
        env["PATH"] = string.Join(Path.PathSeparator, (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => !File.Exists(Path.Combine(d, "secretscan"))));

        CliRunner.Result commit = CliRunner.Run("git", ["commit", "-m", "x"], repo.Path, environment: env);

        Assert.That(commit.ExitCode, Is.Not.Zero, commit.ToString());
        Assert.That(commit.Stderr, Does.Contain("cannot find the `secretscan` executable").And.Contain("install.sh").And.Contain("--no-verify"));
        Assert.That(repo.RunGit(repo.Path, "rev-parse", "--verify", "-q", "HEAD").ExitCode, Is.Not.Zero, "still no commit");
    }

    [Test]
    public void HookFile_IsExecutableWithLfLineEndings()
    {
        string hook = Path.Combine(CliRunner.RepoRoot, "hooks", "pre-commit");
        byte[] bytes = File.ReadAllBytes(hook);

        Assert.That(bytes, Does.Not.Contain((byte)'\r'));
        if (OperatingSystem.IsWindows()) return;
        Assert.That(File.GetUnixFileMode(hook) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
        var staged = CliRunner.Run("git", ["ls-files", "-s", "hooks/pre-commit"], CliRunner.RepoRoot);
        Assert.That(staged.Stdout, Does.StartWith("100755"), "the executable bit is committed");
    }
}
