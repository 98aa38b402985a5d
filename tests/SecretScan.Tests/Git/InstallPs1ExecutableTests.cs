using SecretScan.Tests.Support;

namespace SecretScan.Tests.Git;

/// <summary>
/// install.ps1 under pwsh putting a real executable on PATH: with -Copy (the Windows default) the bin folder holds a
/// copy of the single-file build, not a link or a script shim, and -Uninstall removes only what is ours. The "build"
/// is a prebuilt folder (-FromBuild) holding a small executable, so the placement logic runs without a publish.
/// </summary>
[TestFixture]
public sealed class InstallPs1ExecutableTests
{
    private static string? Pwsh()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"));
        return dirs.Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh")).FirstOrDefault(File.Exists);
    }

    private static CliRunner.Result InstallPs1(TestRepository repo, Dictionary<string, string?> env, params string[] args)
    {
        string? pwsh = Pwsh();
        if (pwsh is null) Assert.Ignore("PowerShell 7 (pwsh) is not installed: dotnet tool install --global PowerShell --version 7.6.9");
        return CliRunner.Run(pwsh!, ["-NoProfile", "-NonInteractive", "-File", Path.Combine(CliRunner.RepoRoot, "install.ps1"), .. args], repo.Path, environment: env, timeoutMs: 120_000);
    }

    private static string Exe => OperatingSystem.IsWindows() ? "secretscan.exe" : "secretscan";

    [Test]
    public void Copy_PutsARealExecutableOnPath_AndUninstallRemovesIt()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("the prebuilt stand-in is an sh script");
        using var repo = TestRepository.Init();
        string build = repo.Temp.Combine("prebuilt");
        Directory.CreateDirectory(build);
        File.WriteAllText(Path.Combine(build, Exe), "#!/bin/sh\necho \"prebuilt secretscan $*\"\n");
        File.WriteAllText(Path.Combine(build, "LICENSE"), "MIT\n");
        string bin = repo.Temp.Combine("bin"), home = repo.Temp.Combine("app");
        var env = repo.Environment;
        env["SECRETSCAN_BIN_DIR"] = bin;
        env["SECRETSCAN_HOME"] = home;

        var install = InstallPs1(repo, env, "-FromBuild", build, "-Copy");

        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        string onPath = Path.Combine(bin, Exe);
        var info = new FileInfo(onPath);
        Assert.Multiple(() =>
        {
            Assert.That(info.Exists, Is.True, install.ToString());
            Assert.That(info.LinkTarget, Is.Null, "a copy, not a symbolic link");
            Assert.That(File.Exists(Path.Combine(bin, "secretscan.cmd")), Is.False, "no script shim");
            if (!OperatingSystem.IsWindows()) Assert.That(File.GetUnixFileMode(onPath) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
            Assert.That(CliRunner.Run(onPath, ["--version"], repo.Path, timeoutMs: 30_000).Stdout, Does.Contain("prebuilt secretscan --version"));
            Assert.That(File.Exists(Path.Combine(repo.Path, ".git", "hooks", "pre-commit")), Is.True, "the hook is installed too");
            Assert.That(install.Stdout, Does.Contain($"as {onPath} (a copy of"));
        });

        var again = InstallPs1(repo, env, "-FromBuild", build, "-Copy");
        Assert.That(again.ExitCode, Is.Zero, "re-installing over our own copy works: " + again);

        var uninstall = InstallPs1(repo, env, "-Uninstall");
        Assert.Multiple(() =>
        {
            Assert.That(uninstall.ExitCode, Is.Zero, uninstall.ToString());
            Assert.That(File.Exists(onPath), Is.False, uninstall.ToString());
            Assert.That(Directory.Exists(home), Is.False);
        });
    }

    [Test]
    public void Copy_RefusesToOverwriteAnExecutableItDidNotInstall()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("the prebuilt stand-in is an sh script");
        using var repo = TestRepository.Init();
        string build = repo.Temp.Combine("prebuilt");
        Directory.CreateDirectory(build);
        File.WriteAllText(Path.Combine(build, Exe), "#!/bin/sh\necho new\n");
        string bin = repo.Temp.Combine("bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, Exe), "someone else's\n");
        var env = repo.Environment;
        env["SECRETSCAN_BIN_DIR"] = bin;
        env["SECRETSCAN_HOME"] = repo.Temp.Combine("app");

        var install = InstallPs1(repo, env, "-FromBuild", build, "-Copy");

        Assert.That(install.ExitCode, Is.Not.Zero, install.ToString());
        Assert.That(install.Stderr, Does.Contain("was not installed by this script"));
        Assert.That(File.ReadAllText(Path.Combine(bin, Exe)), Is.EqualTo("someone else's\n"));
    }

    [Test]
    public void FromBuild_WithoutAnExecutable_FailsClearly()
    {
        using var repo = TestRepository.Init();
        string empty = repo.Temp.Combine("empty");
        Directory.CreateDirectory(empty);
        var install = InstallPs1(repo, repo.Environment, "-FromBuild", empty);
        Assert.That(install.ExitCode, Is.Not.Zero, install.ToString());
        Assert.That(install.Stderr, Does.Contain($"-FromBuild: no {Exe} in"));
    }
}
