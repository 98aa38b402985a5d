using SecretScan.Tests.Support;

namespace SecretScan.Tests.Git;

/// <summary>
/// The pre-commit framework (https://pre-commit.com) running this repository's <c>.pre-commit-hooks.yaml</c> through a
/// real <c>git commit</c>: the installed-binary hook and the hook pre-commit builds itself with the .NET SDK.
/// The framework clones this repository at its committed HEAD, so these tests judge what is committed.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PreCommitFrameworkTests
{
    private static string? PreCommit() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "pre-commit.exe" : "pre-commit"))
            .FirstOrDefault(File.Exists);

    private static string HeadOfThisRepository()
    {
        CliRunner.Result head = CliRunner.Run("git", ["rev-parse", "HEAD"], CliRunner.RepoRoot);
        Assert.That(head.ExitCode, Is.Zero, head.ToString());
        return head.Stdout.Trim();
    }

    private static (TestRepository Repo, Dictionary<string, string?> Env) RepositoryUsing(string hookId)
    {
        if (PreCommit() is null) Assert.Ignore("pre-commit is not installed (.ci/run installs Debian's package)");
        var repo = TestRepository.Init();
        var env = repo.Environment;
        env["PRE_COMMIT_HOME"] = repo.Temp.Combine("pre-commit-cache");
        // The isolated HOME would make dotnet restore every package again from the network: keep the real cache.
        env["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        env["DOTNET_NOLOGO"] = "1";
        env["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        repo.Write(".pre-commit-config.yaml", $"""
            repos:
              - repo: {CliRunner.RepoRoot.Replace('\\', '/')}
                rev: {HeadOfThisRepository()}
                hooks:
                  - id: {hookId}

            """);
        CliRunner.Result install = CliRunner.Run("pre-commit", ["install"], repo.Path, environment: env);
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        return (repo, env);
    }

    /// <summary>A clean commit passes, then a commit adding a fake token is blocked with a masked, actionable message.</summary>
    private static void CleanPassesAndSecretIsBlocked(string hookId, int timeoutSeconds)
    {
        var (repo, env) = RepositoryUsing(hookId);
        using (repo)
        {
            repo.Write("README.md", "hello\n");
            repo.Git("add", "README.md", ".pre-commit-config.yaml");
            CliRunner.Result clean = CliRunner.Run("git", ["commit", "-q", "-m", "first"], repo.Path, environment: env, timeoutMs: timeoutSeconds * 1000);
            Assert.That(clean.ExitCode, Is.Zero, "a clean commit passes\n" + clean);

            string secret = FakeSecrets.GitHubPat();
            repo.Write("deploy.sh", $"export GITHUB_TOKEN={secret}\n");
            repo.Git("add", "deploy.sh");
            CliRunner.Result blocked = CliRunner.Run("git", ["commit", "-q", "-m", "deploy"], repo.Path, environment: env, timeoutMs: timeoutSeconds * 1000);

            string output = blocked.Stdout + blocked.Stderr;
            Assert.Multiple(() =>
            {
                Assert.That(blocked.ExitCode, Is.Not.Zero, blocked.ToString());
                Assert.That(repo.Git("log", "--format=%s"), Is.EqualTo("first"), "the secret was not committed");
                Assert.That(output, Does.Contain("deploy.sh:1:"));
                Assert.That(output, Does.Not.Contain(secret), "the secret is masked");
                Assert.That(output, Does.Contain("How to rotate"), "the framework user is told what to do");
                Assert.That(output, Does.Contain("secretscan:allow"));
            });
        }
    }

    [Test]
    public void InstalledBinaryHook_BlocksSecret_PassesCleanCommit() => CleanPassesAndSecretIsBlocked("secretscan", 120);

    /// <summary>The first run builds and packs this repository with the .NET SDK: minutes, not seconds.</summary>
    [Test]
    public void DotnetHook_BuildsAndBlocksSecret_PassesCleanCommit() => CleanPassesAndSecretIsBlocked("secretscan-dotnet", 600);
}
