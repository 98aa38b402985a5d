using SecretScan.Tests.Support;

namespace SecretScan.Tests.Git;

/// <summary>
/// How the hooks find secretscan where Git for Windows' sh runs them: as <c>secretscan.exe</c>, as the
/// <c>secretscan.cmd</c> shim, or in the installers' folders when PATH lacks them. Here the "executables" are sh
/// scripts with those names that run the real secretscan, so the lookup logic is what is tested.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class WindowsHookLookupTests
{
    private static (TestRepository Repo, Dictionary<string, string?> Env) RepositoryWithHookAndNoSecretscanOnPath()
    {
        var repo = TestRepository.Init();
        var install = CliRunner.Run("sh", [Path.Combine(CliRunner.RepoRoot, "install.sh"), "--hook-only"], repo.Path, environment: repo.Environment);
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        var env = repo.Environment;
        env["PATH"] = string.Join(Path.PathSeparator, (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => !File.Exists(Path.Combine(d, "secretscan"))));
        return (repo, env);
    }

    private static void FakeExecutable(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, $"#!/bin/sh\nexec '{CliRunner.Executable}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static CliRunner.Result CommitSecret(TestRepository repo, Dictionary<string, string?> env)
    {
        repo.Write("deploy.sh", $"export GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n");
        repo.Git("add", "deploy.sh");
        return CliRunner.Run("git", ["commit", "-m", "add deploy"], repo.Path, environment: env, timeoutMs: 120_000);
    }

    [TestCase("secretscan.exe")]
    [TestCase("secretscan.cmd")]
    public void Hook_FindsWindowsNamedExecutableOnPath(string name)
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("the fake executables are sh scripts");
        var (repo, env) = RepositoryWithHookAndNoSecretscanOnPath();
        using var _ = repo;
        string bin = repo.Temp.Combine("win-bin");
        FakeExecutable(bin, name);
        env["PATH"] = bin + Path.PathSeparator + env["PATH"];

        var commit = CommitSecret(repo, env);

        Assert.Multiple(() =>
        {
            Assert.That(commit.ExitCode, Is.EqualTo(1), commit.ToString());
            Assert.That(commit.Stderr, Does.Contain("deploy.sh:1:"), "the scan ran and blocked the secret");
            Assert.That(commit.Stderr, Does.Not.Contain("cannot find"));
        });
    }

    [Test]
    public void Hook_FindsTheInstallFolderUnderLocalAppData_WhenPathLacksIt()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("the fake executables are sh scripts");
        var (repo, env) = RepositoryWithHookAndNoSecretscanOnPath();
        using var _ = repo;
        string localAppData = repo.Temp.Combine("AppData/Local");
        FakeExecutable(Path.Combine(localAppData, "secretscan", "bin"), "secretscan.exe");
        env["LOCALAPPDATA"] = localAppData;

        var commit = CommitSecret(repo, env);

        Assert.That(commit.ExitCode, Is.EqualTo(1), commit.ToString());
        Assert.That(commit.Stderr, Does.Contain("deploy.sh:1:"));
    }

    [Test]
    public void Hook_NotFound_NamesTheWindowsAndUnixInstallCommands()
    {
        var (repo, env) = RepositoryWithHookAndNoSecretscanOnPath();
        using var _ = repo;
        var commit = CommitSecret(repo, env);
        Assert.Multiple(() =>
        {
            Assert.That(commit.ExitCode, Is.EqualTo(1), commit.ToString());
            Assert.That(commit.Stderr, Does.Contain("./install.sh").And.Contain("pwsh -File install.ps1").And.Contain("dotnet tool install --global SecretScan"));
        });
    }
}
