using SecretScan.Tests.Support;

namespace SecretScan.Tests.Git;

/// <summary><c>secretscan git</c> on real repositories: every blob once, attributed to the commit that introduced it.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HistoryScanTests
{
    private static (List<ReportedFinding> Findings, System.Text.Json.JsonElement Report) History(TestRepository repo, string? folder = null, params string[] args)
    {
        var (_, report, _) = repo.ScanJson(folder ?? repo.Path, ["git", .. args]);
        return (ReportedFinding.From(report), report);
    }

    [Test]
    public void Git_SecretCommittedThenDeleted_FoundAtIntroducingCommitPathAndLine()
    {
        using var repo = TestRepository.Init();
        repo.Commit("init", ("README.md", "demo\n"));
        string introducing = repo.Commit("add settings", ("conf/settings.py", $"DEBUG = True\n\nAPI_TOKEN = \"{FakeSecrets.GitHubPat()}\"\n"));
        repo.Commit("tweak", ("conf/settings.py", $"DEBUG = False\n\nAPI_TOKEN = \"{File.ReadAllText(Path.Combine(repo.Path, "conf/settings.py")).Split('"')[1]}\"\n"));
        repo.Git("rm", "-q", "conf/settings.py");
        repo.Git("commit", "-q", "-m", "remove settings");

        var (findings, _) = History(repo);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Commit, Is.EqualTo(introducing));
            Assert.That(findings[0].File, Is.EqualTo("conf/settings.py"));
            Assert.That(findings[0].Line, Is.EqualTo(3));
            Assert.That(findings[0].Column, Is.EqualTo("API_TOKEN = \"".Length + 1));
            Assert.That(findings[0].MoreOccurrences, Is.EqualTo(1), "the later version of the file holds the same secret");
            Assert.That(findings[0].Pushed, Is.False);
        });
    }

    [Test]
    public void Git_Rename_ReportsOnceAtFirstPath()
    {
        using var repo = TestRepository.Init();
        string first = repo.Commit("add", ("old/name.txt", $"key {FakeSecrets.GitHubPat()}\n"));
        repo.Git("mv", "old/name.txt", "new-name.txt");
        repo.Git("commit", "-q", "-m", "rename");

        var (findings, report) = History(repo);

        Assert.That(findings.Select(f => (f.File, f.Commit)), Is.EqualTo(new[] { ("old/name.txt", first) }));
        Assert.That(report.GetProperty("stats").GetProperty("blobs").GetInt32(), Is.EqualTo(1), "the renamed blob is not read again");
    }

    [Test]
    public void Git_SecretFromMergedBranch_AttributedToBranchCommit()
    {
        using var repo = TestRepository.Init();
        repo.Commit("base", ("a.txt", "a\n"));
        repo.Git("checkout", "-q", "-b", "feature");
        string onBranch = repo.Commit("feature work", ("feature.txt", $"t={FakeSecrets.GitHubPat()}\n"));
        repo.Git("checkout", "-q", "main");
        repo.Commit("main work", ("b.txt", "b\n"));
        repo.Git("merge", "-q", "--no-edit", "--no-ff", "feature");
        repo.Git("branch", "-q", "-D", "feature");

        var (findings, _) = History(repo);

        Assert.That(findings.Select(f => (f.File, f.Commit)), Is.EqualTo(new[] { ("feature.txt", onBranch) }));
    }

    [Test]
    public void Git_ConflictResolvedInMerge_AttributedToMergeCommit()
    {
        using var repo = TestRepository.Init();
        repo.StartConflictingMerge();
        repo.Write("a.txt", $"resolved {FakeSecrets.GitHubPat()}\n");
        repo.Git("add", "a.txt");
        repo.Git("commit", "-q", "--no-edit");
        string merge = repo.Git("rev-parse", "HEAD");

        var (findings, _) = History(repo);

        Assert.That(findings.Select(f => (f.File, f.Commit)), Is.EqualTo(new[] { ("a.txt", merge) }));
    }

    [Test]
    public void Git_CommitOnlyReachableFromAnnotatedTag_IsScanned()
    {
        using var repo = TestRepository.Init();
        repo.Commit("base", ("a.txt", "a\n"));
        repo.Git("checkout", "-q", "-b", "release-prep");
        string tagged = repo.Commit("release", ("release.env", $"TOKEN={FakeSecrets.GitHubPat()}\n"));
        repo.Git("tag", "-a", "v1.0", "-m", "release 1.0");
        repo.Git("checkout", "-q", "main");
        repo.Git("branch", "-q", "-D", "release-prep");

        var (findings, _) = History(repo);

        Assert.That(findings.Select(f => (f.File, f.Commit)), Is.EqualTo(new[] { ("release.env", tagged) }));
        Assert.That(findings[0].Pushed, Is.True, "a tag reaches it");
    }

    [Test]
    public void Git_SecretInCommitMessage_IsFoundAndMaskedInSummary()
    {
        using var repo = TestRepository.Init();
        string secret = FakeSecrets.GitHubPat();
        string sha = repo.Commit($"use token {secret} for now", ("a.txt", "a\n"));

        var (findings, report) = History(repo);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].InMessage, Is.True);
        Assert.That(findings[0].Commit, Is.EqualTo(sha));
        Assert.That(findings[0].Line, Is.EqualTo(1));
        Assert.That(report.ToString(), Does.Not.Contain(secret));
        Assert.That(repo.Secretscan("git").Stdout, Does.Not.Contain(secret), "the text report masks the summary too");
    }

    [Test]
    public void Git_SameSecretInManyVersions_IsOneFindingWithCount()
    {
        using var repo = TestRepository.Init();
        string secret = FakeSecrets.GitHubPat();
        string first = "";
        for (int i = 0; i < 5; i++)
        {
            string sha = repo.Commit($"v{i}", ("cfg.ini", $"version={i}\ntoken={secret}\n"));
            if (i == 0) first = sha;
        }

        var (findings, _) = History(repo);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Commit, Is.EqualTo(first));
        Assert.That(findings[0].MoreOccurrences, Is.EqualTo(4));
    }

    [Test]
    public void Git_BareClone_IsScanned()
    {
        using var repo = TestRepository.Init();
        string sha = repo.Commit("add", ("k.txt", $"k={FakeSecrets.GitHubPat()}\n"));
        string bare = repo.Temp.Combine("bare.git");
        repo.Git("clone", "-q", "--bare", repo.Path, bare);

        var (findings, _) = History(repo, bare);

        Assert.That(findings.Select(f => (f.File, f.Commit)), Is.EqualTo(new[] { ("k.txt", sha) }));
    }

    [Test]
    public void Git_ShallowClone_ScansWhatItHas()
    {
        using var repo = TestRepository.Init();
        repo.Commit("old", ("old.txt", $"k={FakeSecrets.GitHubPat()}\n"));
        repo.Git("rm", "-q", "old.txt");
        repo.Git("commit", "-q", "-m", "remove");
        string tip = repo.Commit("new", ("new.txt", $"k={FakeSecrets.GitHubPat()}\n"));
        string shallow = repo.Temp.Combine("shallow");
        repo.Git("clone", "-q", "--depth", "1", "file://" + repo.Path, shallow);

        var (findings, report) = History(repo, shallow);

        Assert.That(File.Exists(Path.Combine(shallow, ".git", "shallow")), Is.True);
        Assert.That(findings.Select(f => (f.File, f.Commit)), Is.EqualTo(new[] { ("new.txt", tip) }), "the old commit is not in the clone");
        Assert.That(findings[0].Pushed, Is.True, "origin/main reaches it");
        Assert.That(report.GetProperty("stats").GetProperty("commits").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void Git_EmptyRepository_ExitsZeroWithNote()
    {
        using var repo = TestRepository.Init();

        CliRunner.Result r = repo.Secretscan("git");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stderr, Does.Contain("no commits"));
    }

    [Test]
    public void Git_NotARepository_ExitsTwo()
    {
        using var temp = new TempDirectory();

        CliRunner.Result r = CliRunner.Secretscan(temp.Path, "git", temp.Path);

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain("not inside a git repository"));
    }

    [Test]
    public void Git_Since_ScansOnlyCommitsNotOnTheBase()
    {
        using var repo = TestRepository.Init();
        repo.Commit("old secret on main", ("main.txt", $"k={FakeSecrets.GitHubPat()}\n"));
        repo.Git("checkout", "-q", "-b", "pr");
        string prCommit = repo.Commit("pr work", ("pr.txt", $"k={FakeSecrets.GitHubPat()}\n"));

        var (findings, report) = History(repo, null, "--branch", "pr", "--since", "main");

        Assert.That(findings.Select(f => (f.File, f.Commit)), Is.EqualTo(new[] { ("pr.txt", prCommit) }));
        Assert.That(report.GetProperty("stats").GetProperty("commits").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void Git_SinceOnBranchThatMergedItsBase_DoesNotBlameTheMergeForBaseSecrets()
    {
        using var repo = TestRepository.Init();
        repo.Commit("base", ("a.txt", "a\n"));
        repo.Git("checkout", "-q", "-b", "pr");
        string prCommit = repo.Commit("pr work", ("pr.txt", $"k={FakeSecrets.GitHubPat()}\n"));
        repo.Git("checkout", "-q", "main");
        repo.Commit("main gets a key", ("main.env", $"AWS_ACCESS_KEY_ID={FakeSecrets.AwsAccessKeyId()}\n"));
        repo.Git("checkout", "-q", "pr");
        repo.Git("merge", "-q", "--no-edit", "main");

        var (findings, report) = History(repo, null, "--branch", "pr", "--since", "main");

        Assert.That(findings.Select(f => (f.File, f.Commit)), Is.EqualTo(new[] { ("pr.txt", prCommit) }));
        Assert.That(report.GetProperty("stats").GetProperty("commits").GetInt32(), Is.EqualTo(2), "the pr commit and the merge");
    }

    [Test]
    public void Git_UnknownSinceRevision_ExitsTwo()
    {
        using var repo = TestRepository.Init();
        repo.Commit("a", ("a.txt", "a\n"));

        CliRunner.Result r = repo.Secretscan("git", "--since", "no-such-branch");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain("--since 'no-such-branch'"));
    }

    [Test]
    public void Git_BranchAndMaxCommits_NarrowTheWalk()
    {
        using var repo = TestRepository.Init();
        repo.Commit("a", ("a.txt", $"k={FakeSecrets.GitHubPat()}\n"));
        string b = repo.Commit("b", ("b.txt", $"k={FakeSecrets.GitHubPat()}\n"));
        repo.Git("checkout", "-q", "-b", "other");
        repo.Commit("c", ("c.txt", $"k={FakeSecrets.GitHubPat()}\n"));

        var (onMain, _) = History(repo, null, "--branch", "main", "--max-commits", "1");
        var (all, _) = History(repo);

        Assert.That(onMain.Select(f => (f.File, f.Commit)), Is.EqualTo(new[] { ("b.txt", b) }));
        Assert.That(all.Select(f => f.File), Is.EquivalentTo(new[] { "a.txt", "b.txt", "c.txt" }));
    }

    [Test]
    public void Git_PushedAndUnpushedCommits_AreTold()
    {
        using var repo = TestRepository.Init();
        string remote = repo.Temp.Combine("remote.git");
        repo.GitIn(repo.Temp.Path, "init", "-q", "--bare", "-b", "main", remote);
        repo.Git("remote", "add", "origin", remote);
        string pushedSha = repo.Commit("shared", ("shared.txt", $"k={FakeSecrets.GitHubPat()}\n"));
        repo.Git("push", "-q", "origin", "main");
        string localSha = repo.Commit("local only", ("local.txt", $"k={FakeSecrets.GitHubPat()}\n"));

        var (findings, _) = History(repo);
        CliRunner.Result text = repo.Secretscan("git");

        Assert.That(findings.Single(f => f.File == "shared.txt"), Has.Property("Commit").EqualTo(pushedSha).And.Property("Pushed").EqualTo(true));
        Assert.That(findings.Single(f => f.File == "local.txt"), Has.Property("Commit").EqualTo(localSha).And.Property("Pushed").EqualTo(false));
        Assert.That(text.Stdout, Does.Contain("pushed:").And.Contain("not pushed:"));
    }

    [Test]
    public void Git_Stash_IsScanned()
    {
        using var repo = TestRepository.Init();
        repo.Commit("a", ("a.txt", "a\n"));
        repo.Write("a.txt", $"a\nk={FakeSecrets.GitHubPat()}\n");
        repo.Git("stash", "-q");

        var (findings, _) = History(repo);

        Assert.That(findings.Select(f => f.File), Is.EqualTo(new[] { "a.txt" }));
    }

    [Test]
    public void Git_BlobsScanned_EqualsUniqueReachableBlobs()
    {
        using var repo = TestRepository.Init();
        for (int i = 0; i < 12; i++)
        {
            repo.Commit($"c{i}", ($"dir{i % 3}/file{i % 5}.txt", $"content {i}\n"), ("shared.txt", $"shared {i / 4}\n"), ("same.txt", "identical\n"));
            if (i == 6)
            {
                repo.Git("checkout", "-q", "-b", "side");
                repo.Commit("side", ("side.txt", "side\n"), ("copy-of-same.txt", "identical\n"));
                repo.Git("checkout", "-q", "main");
                repo.Git("merge", "-q", "--no-edit", "--no-ff", "side");
            }
        }
        repo.Git("tag", "-a", "t1", "-m", "tag");
        string expected = CliRunner.Run("sh", ["-c", "git rev-list --objects --all | cut -d' ' -f1 | git cat-file --batch-check='%(objecttype)' | grep -c '^blob$'"], repo.Path, environment: repo.Environment).Stdout.Trim();

        var (_, report) = History(repo);

        Assert.That(report.GetProperty("stats").GetProperty("blobs").GetInt32(), Is.EqualTo(int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(10));
    }

    [Test]
    public void Git_ThousandsOfRefsAndTagsOfTreesAndBlobs_ScanEachBlobOnce()
    {
        using var repo = TestRepository.Init();
        var commits = new List<string>();
        for (int i = 0; i < 5; i++) commits.Add(repo.Commit($"c{i}", ($"f{i}.txt", i == 2 ? $"k={FakeSecrets.GitHubPat()}\n" : $"{i}\n")));
        string refs = string.Concat(Enumerable.Range(0, 3000).Select(i => $"create refs/tags/many-{i} {commits[i % commits.Count]}\n"))
            + $"create refs/remotes/origin/feature {commits[1]}\n";
        CliRunner.Result update = CliRunner.Run("git", ["update-ref", "--stdin"], repo.Path, stdin: refs, environment: repo.Environment);
        Assert.That(update.ExitCode, Is.Zero, update.ToString());
        repo.Git("tag", "-a", "tree-tag", "-m", "a tree", "HEAD^{tree}");
        repo.Git("tag", "blob-tag", "HEAD:f0.txt");

        var (findings, report) = History(repo);

        Assert.That(findings.Select(f => f.Commit), Is.EqualTo(new[] { commits[2] }));
        Assert.That(report.GetProperty("stats").GetProperty("blobs").GetInt32(), Is.EqualTo(5));
        Assert.That(report.GetProperty("stats").GetProperty("commits").GetInt32(), Is.EqualTo(5));
    }

    [Test]
    public void Git_LfsPointer_IsSkippedWithNote()
    {
        using var repo = TestRepository.Init();
        // A valid pointer in full; one with any extra line is scanned (Hardening/TrustTests: fake pointers carrying a secret).
        repo.Commit("lfs", ("model.bin", $"version https://git-lfs.github.com/spec/v1\noid sha256:{new string('a', 64)}\nsize 12\n"));

        CliRunner.Result r = repo.Secretscan("git", "-v");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stderr + r.Stdout, Does.Contain("Git LFS pointer skipped"));
    }

    [Test]
    public void Git_OversizedBlob_IsSkippedAndTheNextBlobStillRead()
    {
        using var repo = TestRepository.Init();
        string big = string.Concat(Enumerable.Repeat("filler line of text\n", 200)) + $"k={FakeSecrets.GitHubPat()}\n";
        repo.Commit("big", ("a-big.txt", big));
        string small = repo.Commit("small", ("b-small.txt", $"k={FakeSecrets.GitHubPat()}\n"));

        var (findings, report) = History(repo, null, "--max-file-size", "1KB", "-v");

        Assert.That(findings.Select(f => (f.File, f.Commit)), Is.EqualTo(new[] { ("b-small.txt", small) }));
        Assert.That(report.GetProperty("stats").GetProperty("skipped").GetInt32(), Is.EqualTo(1));
        Assert.That(report.GetProperty("stats").GetProperty("blobs").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public void Git_DetachedHead_ScansAllRefs()
    {
        using var repo = TestRepository.Init();
        string first = repo.Commit("a", ("a.txt", $"k={FakeSecrets.GitHubPat()}\n"));
        repo.Commit("b", ("b.txt", "b\n"));
        repo.Git("checkout", "-q", "--detach", first);

        var (findings, report) = History(repo);

        Assert.That(findings.Select(f => f.Commit), Is.EqualTo(new[] { first }));
        Assert.That(report.GetProperty("stats").GetProperty("commits").GetInt32(), Is.EqualTo(2));
    }
}
