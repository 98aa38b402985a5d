using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>
/// tools/org-scan/scan-repo.sh, the per-repository job of the organisation scan workflow, on a real bare mirror:
/// a full first scan, then an incremental one that reads only new commits, and a full one again after a force-push.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class OrgScanScriptTests
{
    private static string Script => Path.Combine(CliRunner.RepoRoot, "tools", "org-scan", "scan-repo.sh");

    private static JsonElement Scan(TestRepository repo, string mirror, out CliRunner.Result run)
    {
        var env = repo.Environment;
        env["SECRETSCAN"] = CliRunner.Executable;
        run = CliRunner.Run("bash", [Script, mirror, repo.Temp.Combine("state"), repo.Temp.Combine("out"), "shop"], repo.Path, environment: env);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        return JsonDocument.Parse(File.ReadAllText(repo.Temp.Combine("out/shop.summary.json"))).RootElement.Clone();
    }

    private static string Mirror(TestRepository repo)
    {
        string mirror = repo.Temp.Combine("shop.git");
        if (Directory.Exists(mirror)) repo.GitIn(mirror, "fetch", "-q", "--prune", "--force", "origin", "+refs/*:refs/*");
        else repo.GitIn(repo.Temp.Path, "clone", "-q", "--mirror", repo.Path, mirror);
        return mirror;
    }

    [Test]
    public void FirstRunIsFull_NextRunReadsOnlyNewCommits_ForcePushScansAllAgain()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("the workflow's jobs run on Linux runners");
        using var repo = TestRepository.Init();
        string first = repo.Commit("add config", ("config.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n"));
        repo.Commit("docs", ("README.md", "shop\n"));

        JsonElement full = Scan(repo, Mirror(repo), out _);
        Assert.Multiple(() =>
        {
            Assert.That(full.GetProperty("since").GetString(), Is.Empty, "first run: full scan");
            Assert.That(full.GetProperty("findings").GetInt32(), Is.EqualTo(1));
            Assert.That(full.GetProperty("commits").GetInt32(), Is.EqualTo(2));
            Assert.That(File.Exists(repo.Temp.Combine("out/shop.sarif")), Is.True);
        });

        string tip = repo.Commit("payments", ("pay.env", $"STRIPE_KEY={FakeSecrets.StripeLiveKey()}\n"));
        JsonElement incremental = Scan(repo, Mirror(repo), out _);
        Assert.Multiple(() =>
        {
            Assert.That(incremental.GetProperty("since").GetString(), Is.Not.Empty, "second run starts at the last tip");
            Assert.That(incremental.GetProperty("commits").GetInt32(), Is.EqualTo(1), "only the new commit is read");
            Assert.That(incremental.GetProperty("findings").GetInt32(), Is.EqualTo(1), "the new key, not the old one again");
            Assert.That(incremental.GetProperty("head").GetString(), Is.EqualTo(tip));
        });

        // History rewritten: the commit scanned last is gone, so the next run must not trust it.
        repo.Git("reset", "-q", "--hard", first);
        repo.Commit("rewritten", ("other.txt", "x\n"));
        JsonElement again = Scan(repo, Mirror(repo), out _);
        Assert.Multiple(() =>
        {
            Assert.That(again.GetProperty("since").GetString(), Is.Empty, "the old tip is unreachable: full scan");
            Assert.That(again.GetProperty("commits").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public void NextRun_DoesNotReadAgainABranchThatHeadNeverMerged()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("the workflow's jobs run on Linux runners");
        using var repo = TestRepository.Init();
        repo.Commit("base", ("README.md", "shop\n"));
        repo.Git("checkout", "-q", "-b", "release-1");
        repo.Commit("release fix", ("fix.txt", "1\n"));
        repo.Commit("release fix 2", ("fix.txt", "2\n"));
        repo.Git("checkout", "-q", "main");
        JsonElement full = Scan(repo, Mirror(repo), out _);
        Assert.That(full.GetProperty("commits").GetInt32(), Is.EqualTo(3));

        repo.Commit("feature", ("pay.env", $"STRIPE_KEY={FakeSecrets.StripeLiveKey()}\n"));
        JsonElement next = Scan(repo, Mirror(repo), out var run);
        Assert.Multiple(() =>
        {
            Assert.That(next.GetProperty("commits").GetInt32(), Is.EqualTo(1), "only main's new commit; release-1 was read last time: " + run);
            Assert.That(next.GetProperty("findings").GetInt32(), Is.EqualTo(1));
        });

        // One of the two old tips rewritten away: the other still stands for what was read.
        repo.Git("branch", "-q", "-f", "release-1", "main~1");
        repo.Git("checkout", "-q", "release-1");
        repo.Commit("new release line", ("fix.txt", "3\n"));
        repo.Git("checkout", "-q", "main");
        JsonElement after = Scan(repo, Mirror(repo), out run);
        Assert.That(after.GetProperty("commits").GetInt32(), Is.EqualTo(1), "only the new release commit: " + run);
    }
}
