using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>Directory scans inside a work tree: what git ignores is left out (--no-ignore scans it), the root's config applies.</summary>
public sealed class DirIgnoreTests
{
    private static CliRunner.Result Run(TestRepository repo, string cwd, params string[] args) =>
        CliRunner.Run(CliRunner.Executable, args, cwd, environment: repo.Environment, timeoutMs: 120_000);

    private static List<string> Files(CliRunner.Result r) =>
        [.. JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("file").GetString()!).Order(StringComparer.Ordinal)];

    [Test]
    public void Dir_OnACloneWithoutCheckout_SaysNothingWasScanned_AndPointsAtGit()
    {
        using var repo = TestRepository.Init();
        repo.Commit("app", ("app.cfg", $"token = {FakeSecrets.GitHubPat()}\n"));
        string clone = Path.Combine(repo.Home, "bare-checkout");
        repo.Git("clone", "-q", "--no-checkout", repo.Path, clone);
        var noCheckout = Run(repo, clone, "dir", ".");
        string empty = Path.Combine(repo.Home, "empty");
        Directory.CreateDirectory(empty);
        var emptyFolder = Run(repo, empty, "dir", ".");
        var quiet = Run(repo, empty, "dir", ".", "--quiet");
        Assert.Multiple(() =>
        {
            Assert.That(noCheckout.ExitCode, Is.EqualTo(0), noCheckout.ToString());
            Assert.That(noCheckout.Stderr, Does.Contain("no files were scanned").And.Contain("'secretscan git'"));
            Assert.That(emptyFolder.Stderr, Does.Contain("no files were scanned: the folder is empty"));
            Assert.That(quiet.Stderr, Is.Empty);
        });
    }

    [Test]
    public void Dir_InWorkTree_SkipsGitignoreInfoExcludeAndGlobalExcludes_ButNotTrackedFiles()
    {
        using var repo = TestRepository.Init();
        string Key() => $"token = {FakeSecrets.GitHubPat()}\n";
        repo.Commit("ignores", (".gitignore", "build/\n*.log\n!keep.log\n"), ("sub/.gitignore", "local.cfg\n"));
        // Tracked despite the pattern (added before the rule, or with -f): it is in the repository, so it is scanned.
        repo.Write("tracked.log", Key());
        repo.Git("add", "-f", "tracked.log");
        repo.Write("build/out/app.txt", Key());
        repo.Write("debug.log", Key());
        repo.Write("keep.log", Key());
        repo.Write("sub/local.cfg", Key());
        repo.Write("sub/app.cfg", Key());
        repo.Write("private.txt", Key());
        File.AppendAllText(Path.Combine(repo.Path, ".git", "info", "exclude"), "private.txt\n");
        repo.Write("global.bak", Key());
        string globalExcludes = Path.Combine(repo.Home, "global-excludes");
        File.WriteAllText(globalExcludes, "*.bak\n");
        repo.Git("config", "--global", "core.excludesFile", globalExcludes);

        var ignoring = Run(repo, repo.Path, "dir", ".", "-f", "json", "--verbose");
        var everything = Run(repo, repo.Path, "dir", ".", "-f", "json", "--no-ignore");

        Assert.Multiple(() =>
        {
            Assert.That(ignoring.ExitCode, Is.EqualTo(1), ignoring.ToString());
            Assert.That(Files(ignoring), Is.EqualTo(new[] { "keep.log", "sub/app.cfg", "tracked.log" }));
            Assert.That(ignoring.Stderr, Does.Contain("5 path(s) ignored by git").And.Contain("--no-ignore"));
            Assert.That(Files(everything), Is.EqualTo(new[] { "build/out/app.txt", "debug.log", "global.bak", "keep.log", "private.txt", "sub/app.cfg", "sub/local.cfg", "tracked.log" }));
        });
    }

    [Test]
    public void Dir_OutsideAWorkTree_ScansEverything()
    {
        using var dir = new TempDirectory();
        dir.File(".gitignore", "*.log\n");
        dir.File("debug.log", $"token = {FakeSecrets.GitHubPat()}\n");
        var r = CliRunner.Run(CliRunner.Executable, ["dir", ".", "-f", "json"], dir.Path, timeoutMs: 120_000);
        Assert.That(JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings").GetArrayLength(), Is.EqualTo(1), r.ToString());
    }

    [Test]
    public void Dir_Subfolder_UsesTheRepositoryRootsConfig_WithPathsFromTheRoot()
    {
        using var repo = TestRepository.Init();
        repo.Write(".secretscan.yaml", "allowlist:\n  paths:\n    - src/fixtures/**\n");
        repo.Write("src/fixtures/sample.env", $"TOKEN={FakeSecrets.GitHubPat()}\n");
        repo.Write("src/app.py", $"TOKEN = \"{FakeSecrets.GitHubPat()}\"\n");
        string src = Path.Combine(repo.Path, "src");

        var fromSubfolder = Run(repo, src, "dir", ".", "-f", "json");
        var fromRoot = Run(repo, repo.Path, "dir", "src", "-f", "json");
        var ownConfigIgnored = Run(repo, src, "dir", ".", "-f", "json", "--no-config");

        Assert.Multiple(() =>
        {
            Assert.That(Files(fromSubfolder), Is.EqualTo(new[] { "src/app.py" }), fromSubfolder.ToString());
            Assert.That(Files(fromRoot), Is.EqualTo(new[] { "src/app.py" }), fromRoot.ToString());
            Assert.That(Files(ownConfigIgnored), Is.EqualTo(new[] { "app.py", "fixtures/sample.env" }), "--no-config: no config, folder-relative paths as before");
        });

        // A folder with a config of its own keeps it (and its folder-relative paths).
        repo.Write("src/.secretscan.yaml", "allowlist:\n  paths:\n    - app.py\n");
        var own = Run(repo, src, "dir", ".", "-f", "json");
        Assert.That(Files(own), Is.EqualTo(new[] { "fixtures/sample.env" }), own.ToString());
    }
}
