using SecretScan.Tests.Support;

namespace SecretScan.Tests.Git;

/// <summary><c>secretscan staged</c> on real repositories: what the next commit adds, judged by the index.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class StagedScanTests
{
    private static List<ReportedFinding> Staged(TestRepository repo, string? folder = null, params string[] args)
    {
        var (_, report, _) = repo.ScanJson(folder ?? repo.Path, ["staged", .. args]);
        return ReportedFinding.From(report);
    }

    [Test]
    public void Staged_InitialCommit_ReportsSecretWithLineNumber()
    {
        using var repo = TestRepository.Init();
        string secret = FakeSecrets.GitHubPat();
        repo.Write("config/app.env", $"NAME=demo\nGITHUB_TOKEN={secret}\n");
        repo.Git("add", ".");

        var findings = Staged(repo);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].RuleId, Is.EqualTo("github-pat-classic"));
        Assert.That(findings[0].File, Is.EqualTo("config/app.env"));
        Assert.That(findings[0].Line, Is.EqualTo(2));
        Assert.That(findings[0].Column, Is.EqualTo("GITHUB_TOKEN=".Length + 1));
        Assert.That(findings[0].Secret, Does.Not.Contain(secret[8..]), "masked by default");
    }

    [Test]
    public void Staged_CleanChange_ExitsZero()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("a.txt", "hello\n"));
        repo.Write("a.txt", "hello\nworld\n");
        repo.Git("add", "a.txt");

        CliRunner.Result r = repo.Secretscan("staged");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stdout, Does.Contain("No secrets found"));
    }

    [Test]
    public void Staged_SecretOnlyInWorkingTree_Passes()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("app.py", "print('hi')\n"));
        repo.Write("app.py", "print('hi')\nprint('staged line')\n");
        repo.Git("add", "app.py");
        repo.Write("app.py", $"print('hi')\nprint('staged line')\nTOKEN = '{FakeSecrets.GitHubPat()}'\n");   // not staged

        CliRunner.Result r = repo.Secretscan("staged");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
    }

    [Test]
    public void Staged_SecretOnlyInIndex_Fails()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("app.py", "print('hi')\n"));
        repo.Write("app.py", $"print('hi')\nTOKEN = '{FakeSecrets.GitHubPat()}'\n");
        repo.Git("add", "app.py");
        repo.Write("app.py", "print('hi')\nTOKEN = os.environ['TOKEN']\n");   // the working tree is clean again, the index is not

        var findings = Staged(repo);

        Assert.That(findings.Select(f => (f.File, f.Line)), Is.EqualTo(new[] { ("app.py", 2) }));
    }

    [Test]
    public void Staged_SecretAlreadyCommitted_IsNotReportedAgain_NewOneIs()
    {
        using var repo = TestRepository.Init();
        string old = FakeSecrets.GitHubPat(), fresh = FakeSecrets.GitHubPat();
        repo.Commit("first", ("keys.txt", $"a\nold = {old}\nb\n"));
        repo.Write("keys.txt", $"a\nold = {old}\nb\nc\nnew = {fresh}\n");
        repo.Git("add", "keys.txt");

        var (_, report, _) = repo.ScanJson(repo.Path, "staged");
        var findings = ReportedFinding.From(report);

        Assert.That(findings.Select(f => f.Line), Is.EqualTo(new[] { 5 }), "only the line the change adds");
        Assert.That(report.GetProperty("stats").GetProperty("suppressed").GetProperty("notInChange").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void Staged_FromSubfolder_ReportsPathsFromRepositoryRoot()
    {
        using var repo = TestRepository.Init();
        repo.Write("src/deep/settings.ini", $"token={FakeSecrets.GitHubPat()}\n");
        repo.Git("add", ".");

        var findings = Staged(repo, Path.Combine(repo.Path, "src", "deep"));

        Assert.That(findings.Select(f => f.File), Is.EqualTo(new[] { "src/deep/settings.ini" }));
    }

    [Test]
    public void Staged_RenameWithoutChange_ReportsNothing()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("old.txt", $"k = {FakeSecrets.GitHubPat()}\nfiller line one\nfiller line two\n"));
        repo.Git("mv", "old.txt", "new.txt");

        var findings = Staged(repo);

        Assert.That(findings, Is.Empty, "a pure rename adds no lines");
    }

    [Test]
    public void Staged_DeletionAndBinary_AreSkipped()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("gone.txt", $"k = {FakeSecrets.GitHubPat()}\n"));
        repo.Git("rm", "-q", "gone.txt");
        File.WriteAllBytes(Path.Combine(repo.Path, "blob.bin"), [.. "k = "u8, .. System.Text.Encoding.ASCII.GetBytes(FakeSecrets.GitHubPat()), 0, 1, 2]);
        repo.Git("add", "blob.bin");

        CliRunner.Result r = repo.Secretscan("staged", "-v");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stderr, Does.Contain("blob.bin").And.Contain("binary"));
    }

    [Test]
    public void Staged_SubmoduleAndSymlink_AreSkipped()
    {
        using var sub = TestRepository.Init();
        sub.Commit("sub", ("inner.txt", $"k = {FakeSecrets.GitHubPat()}\n"));
        using var repo = TestRepository.Init();
        repo.Commit("first", ("a.txt", "a\n"));
        repo.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Path, "vendor/sub");
        string secretName = FakeSecrets.GitHubPat();
        File.CreateSymbolicLink(Path.Combine(repo.Path, "link"), secretName);   // a link's blob is its target text
        repo.Git("add", "link");

        CliRunner.Result r = repo.Secretscan("staged", "-v");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stderr, Does.Contain("vendor/sub").And.Contain("submodule"));
    }

    [Test]
    public void Staged_LinkedWorktree_ScansThatWorktreesIndex()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("a.txt", "a\n"));
        string worktree = repo.Temp.Combine("wt");
        repo.Git("worktree", "add", "-q", "-b", "feature", worktree);
        File.WriteAllText(Path.Combine(worktree, "b.txt"), $"secret = {FakeSecrets.GitHubPat()}\n");
        repo.GitIn(worktree, "add", "b.txt");

        var inWorktree = Staged(repo, worktree);
        var inMain = Staged(repo);

        Assert.That(inWorktree.Select(f => f.File), Is.EqualTo(new[] { "b.txt" }));
        Assert.That(inMain, Is.Empty);
    }

    [Test]
    public void Staged_DuringMerge_ScansTheResolvedIndex()
    {
        using var repo = TestRepository.Init();
        repo.StartConflictingMerge();
        repo.Write("a.txt", $"merged\ntoken = {FakeSecrets.GitHubPat()}\n");
        repo.Git("add", "a.txt");

        var findings = Staged(repo);

        Assert.That(findings.Select(f => (f.File, f.Line)), Is.EqualTo(new[] { ("a.txt", 2) }));
    }

    [Test]
    public void Staged_MergeBringsInCommittedSecret_IsNotBlamedOnTheMerge()
    {
        using var repo = TestRepository.Init();
        repo.Commit("base", ("a.txt", "base\n"));
        repo.Git("checkout", "-q", "-b", "side");
        repo.Commit("side adds a key", ("side.env", $"AWS_ACCESS_KEY_ID={FakeSecrets.AwsAccessKeyId()}\n"), ("a.txt", $"base\nkey {FakeSecrets.GitHubPat()}\n"));
        repo.Git("checkout", "-q", "main");
        repo.Commit("main", ("b.txt", "b\n"));
        repo.Git("merge", "-q", "--no-ff", "--no-commit", "side");

        CliRunner.Result merging = repo.Secretscan("staged");
        repo.Write("a.txt", $"base\nkey {File.ReadAllText(Path.Combine(repo.Path, "a.txt")).Split(' ')[1].Trim()}\nnew {FakeSecrets.GitHubPat()}\n");
        repo.Git("add", "a.txt");
        var withNewLine = Staged(repo);

        Assert.That(merging.ExitCode, Is.Zero, "lines that come from the merged branch were committed there: " + merging);
        Assert.That(withNewLine.Select(f => (f.File, f.Line)), Is.EqualTo(new[] { ("a.txt", 3) }), "a line new against both parents is reported");
    }

    [Test]
    public void Staged_AwsKeyInNewFile_ReportedByDefaultRule()
    {
        using var repo = TestRepository.Init();
        repo.Write("infra/.env", $"AWS_ACCESS_KEY_ID={FakeSecrets.AwsAccessKeyId()}\n");
        repo.Git("add", ".");

        var findings = Staged(repo);

        Assert.That(findings.Select(f => (f.RuleId, f.File, f.Line)), Is.EqualTo(new[] { ("aws-access-key-id", "infra/.env", 1) }));
    }

    [Test]
    public void Staged_BareRepository_ExitsTwo()
    {
        using var repo = TestRepository.Init(bare: true);

        CliRunner.Result r = repo.Secretscan("staged");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain("bare repository"));
    }

    [Test]
    public void Staged_NotARepository_ExitsTwoWithMessage()
    {
        using var temp = new TempDirectory();

        CliRunner.Result r = CliRunner.Secretscan(temp.Path, "staged");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain("not inside a git repository"));
    }
}
