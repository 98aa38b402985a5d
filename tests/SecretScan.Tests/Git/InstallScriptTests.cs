using SecretScan.Tests.Support;

namespace SecretScan.Tests.Git;

/// <summary>
/// install.sh and install.ps1 in a temp HOME and repository, with --hook-only (the build is the slow part and is
/// exercised by hand and by bench/history.sh). Both scripts must behave the same, so each case runs for both.
/// </summary>
[TestFixture("install.sh")]
[TestFixture("install.ps1")]
[Parallelizable(ParallelScope.All)]
public sealed class InstallScriptTests(string script)
{
    private const string Marker = "secretscan-managed-hook";

    private CliRunner.Result Install(TestRepository repo, string workingDirectory, params string[] args)
    {
        string path = Path.Combine(CliRunner.RepoRoot, script);
        if (script.EndsWith(".ps1", StringComparison.Ordinal))
        {
            string? pwsh = FindOnPath("pwsh");
            if (pwsh is null) Assert.Ignore("PowerShell 7 (pwsh) is not installed: dotnet tool install --global PowerShell --version 7.6.9");
            return CliRunner.Run(pwsh!, ["-NoProfile", "-NonInteractive", "-File", path, .. args.Select(ToPowerShell)], workingDirectory, environment: repo.Environment);
        }
        return CliRunner.Run("sh", [path, .. args], workingDirectory, environment: repo.Environment);
    }

    // install.ps1 takes PowerShell-style switches; the cases below are written once with the install.sh spelling.
    private static string ToPowerShell(string arg) => arg switch
    {
        "--hook-only" => "-HookOnly",
        "--global" => "-Global",
        "--force" => "-Force",
        "--uninstall" => "-Uninstall",
        _ => arg,
    };

    private static string? FindOnPath(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"));
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    private static string HookPath(TestRepository repo) => Path.Combine(repo.Path, ".git", "hooks", "pre-commit");

    [Test]
    public void Install_InRepository_WritesExecutableHookAndIsIdempotent()
    {
        using var repo = TestRepository.Init();

        CliRunner.Result first = Install(repo, repo.Path, "--hook-only");
        string afterFirst = File.ReadAllText(HookPath(repo));
        CliRunner.Result second = Install(repo, repo.Path, "--hook-only");

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        Assert.That(afterFirst, Does.Contain(Marker));
        Assert.That(File.ReadAllText(HookPath(repo)), Is.EqualTo(afterFirst));
        Assert.That(second.Stdout, Does.Contain("already up to date"));
        Assert.That(File.Exists(HookPath(repo) + ".secretscan-backup"), Is.False, "no backup of our own hook");
        if (!OperatingSystem.IsWindows())
            Assert.That(File.GetUnixFileMode(HookPath(repo)) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
    }

    [Test]
    public void Install_ForeignHook_RefusedWithoutForce_ReplacedAndRestoredWithForce()
    {
        using var repo = TestRepository.Init();
        const string foreign = "#!/bin/sh\necho team hook\n";
        File.WriteAllText(HookPath(repo), foreign);

        CliRunner.Result refused = Install(repo, repo.Path, "--hook-only");
        string afterRefusal = File.ReadAllText(HookPath(repo));
        CliRunner.Result forced = Install(repo, repo.Path, "--hook-only", "--force");
        string afterForce = File.ReadAllText(HookPath(repo));
        CliRunner.Result removed = Install(repo, repo.Path, "--hook-only", "--uninstall");

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.Not.Zero, refused.ToString());
            Assert.That(refused.Stderr, Does.Contain(script.EndsWith(".ps1", StringComparison.Ordinal) ? "-Force" : "--force").And.Contain("not replacing"));
            Assert.That(afterRefusal, Is.EqualTo(foreign));
            Assert.That(forced.ExitCode, Is.Zero, forced.ToString());
            Assert.That(afterForce, Does.Contain(Marker));
            Assert.That(removed.ExitCode, Is.Zero, removed.ToString());
            Assert.That(File.ReadAllText(HookPath(repo)), Is.EqualTo(foreign), "uninstall puts the team's hook back");
        });
    }

    [Test]
    public void Uninstall_LeavesForeignHookAlone()
    {
        using var repo = TestRepository.Init();
        const string foreign = "#!/bin/sh\nexit 0\n";
        File.WriteAllText(HookPath(repo), foreign);

        CliRunner.Result r = Install(repo, repo.Path, "--hook-only", "--uninstall");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(File.ReadAllText(HookPath(repo)), Is.EqualTo(foreign));
    }

    [Test]
    public void Install_RespectsCoreHooksPath()
    {
        using var repo = TestRepository.Init();
        repo.Git("config", "core.hooksPath", ".githooks");

        CliRunner.Result r = Install(repo, repo.Path, "--hook-only");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, ".githooks", "pre-commit")), Does.Contain(Marker));
        Assert.That(File.Exists(HookPath(repo)), Is.False);
    }

    [Test]
    public void Install_FromLinkedWorktree_UsesCommonHooksFolder()
    {
        using var repo = TestRepository.Init();
        repo.Commit("a", ("a.txt", "a\n"));
        string worktree = repo.Temp.Combine("wt");
        repo.Git("worktree", "add", "-q", worktree);

        CliRunner.Result r = Install(repo, worktree, "--hook-only");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(File.ReadAllText(HookPath(repo)), Does.Contain(Marker), "git runs the common hooks folder for every worktree");
    }

    [Test]
    public void Install_Global_SetsHooksPathAndUninstallUnsetsIt()
    {
        using var repo = TestRepository.Init();
        string globalConfig = Path.Combine(repo.Home, ".gitconfig");

        CliRunner.Result install = Install(repo, repo.Home, "--hook-only", "--global");
        string hooksPath = repo.GitIn(repo.Home, "config", "--global", "--get", "core.hooksPath");
        bool hookWritten = File.Exists(Path.Combine(hooksPath, "pre-commit")) && File.ReadAllText(Path.Combine(hooksPath, "pre-commit")).Contains(Marker, StringComparison.Ordinal);
        string seenFromRepo = repo.Git("rev-parse", "--git-path", "hooks");
        CliRunner.Result uninstall = Install(repo, repo.Home, "--hook-only", "--global", "--uninstall");

        Assert.Multiple(() =>
        {
            Assert.That(install.ExitCode, Is.Zero, install.ToString());
            Assert.That(hooksPath, Does.StartWith(repo.Home));
            Assert.That(hookWritten, Is.True);
            Assert.That(Path.GetFullPath(seenFromRepo), Is.EqualTo(Path.GetFullPath(hooksPath)), "every repository now uses it");
            Assert.That(uninstall.ExitCode, Is.Zero, uninstall.ToString());
            Assert.That(File.ReadAllText(globalConfig), Does.Not.Contain("hooksPath"));
            Assert.That(File.Exists(Path.Combine(hooksPath, "pre-commit")), Is.False);
        });
    }

    [Test]
    public void Install_OutsideRepositoryWithoutGlobal_Fails()
    {
        using var repo = TestRepository.Init();

        CliRunner.Result r = Install(repo, repo.Home, "--hook-only");

        Assert.That(r.ExitCode, Is.Not.Zero, r.ToString());
        Assert.That(r.Stderr, Does.Contain("not inside a git repository"));
    }
}
