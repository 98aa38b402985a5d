using System.IO.Compression;
using System.Text;
using SecretScan.Git;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Git;

/// <summary>
/// The check of HEAD that runs before libgit2 reads it (libgit2 spun forever on a truncated loose commit). Real
/// repositories made with git; the damage is written into the object files the way a crash or a full disk leaves it.
/// </summary>
[TestFixture]
public class RepositoryHealthTests
{
    [Test]
    public void A_healthy_loose_head_passes()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("a.txt", "hello\n"));
        Assert.DoesNotThrow(() => RepositoryHealth.CheckHead(RepositoryLocation.Find(repo.Path)));
    }

    [Test]
    public void A_packed_head_passes_and_is_left_to_libgit2()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("a.txt", "hello\n"));
        repo.Git("gc", "--quiet");
        Assert.That(Directory.EnumerateFiles(Path.Combine(repo.Path, ".git", "objects", "pack"), "*.pack"), Is.Not.Empty);
        Assert.DoesNotThrow(() => RepositoryHealth.CheckHead(RepositoryLocation.Find(repo.Path)));
    }

    [Test]
    public void An_unborn_head_passes()
    {
        using var repo = TestRepository.Init();
        Assert.DoesNotThrow(() => RepositoryHealth.CheckHead(RepositoryLocation.Find(repo.Path)));
    }

    [Test]
    public void A_linked_worktree_reads_the_main_repositorys_objects()
    {
        using var repo = TestRepository.Init();
        string head = repo.Commit("first", ("a.txt", "hello\n"));
        string worktree = Path.Combine(repo.Temp.Path, "wt");
        repo.Git("worktree", "add", "-q", worktree);
        RepositoryLocation location = RepositoryLocation.Find(worktree);
        Assert.DoesNotThrow(() => RepositoryHealth.CheckHead(location));

        Truncate(LooseObject(repo, head), keep: 20);
        Assert.Throws<GitFailedException>(() => RepositoryHealth.CheckHead(location), "the worktree's HEAD is the main repository's damaged commit");
    }

    [TestCase(4, TestName = "Truncated loose commit: 4 bytes left")]
    [TestCase(20, TestName = "Truncated loose commit: 20 bytes left")]
    [TestCase(0, TestName = "Truncated loose commit: empty file")]
    public void A_truncated_loose_commit_is_reported_as_corrupt(int keep)
    {
        using var repo = TestRepository.Init();
        string head = repo.Commit("first", ("a.txt", "hello\n"));
        Truncate(LooseObject(repo, head), keep);
        var e = Assert.Throws<GitFailedException>(() => RepositoryHealth.CheckHead(RepositoryLocation.Find(repo.Path)));
        Assert.That(e!.Message, Does.StartWith("HEAD cannot be read, the repository looks corrupt (run 'git fsck')"));
    }

    [Test]
    public void A_truncated_loose_tree_is_reported_as_corrupt()
    {
        using var repo = TestRepository.Init();
        repo.Commit("first", ("a.txt", "hello\n"), ("b.txt", "world\n"));
        string tree = repo.Git("rev-parse", "HEAD^{tree}").Trim();
        Truncate(LooseObject(repo, tree), keep: 12);
        var e = Assert.Throws<GitFailedException>(() => RepositoryHealth.CheckHead(RepositoryLocation.Find(repo.Path)));
        Assert.That(e!.Message, Does.Contain("tree"));
    }

    [Test]
    public void A_loose_commit_whose_header_declares_more_than_it_holds_is_corrupt()
    {
        using var repo = TestRepository.Init();
        string head = repo.Commit("first", ("a.txt", "hello\n"));
        string path = LooseObject(repo, head);
        string content = Inflate(path);
        int nul = content.IndexOf('\0');
        Rewrite(path, $"commit {content.Length - nul - 1 + 10}\0{content[(nul + 1)..]}");
        var e = Assert.Throws<GitFailedException>(() => RepositoryHealth.CheckHead(RepositoryLocation.Find(repo.Path)));
        Assert.That(e!.Message, Does.Contain("bytes its header declares"));
    }

    [Test]
    public void A_head_that_names_a_blob_is_corrupt()
    {
        using var repo = TestRepository.Init();
        string head = repo.Commit("first", ("a.txt", "hello\n"));
        string path = LooseObject(repo, head);
        Rewrite(path, "blob 6\0hello\n");
        var e = Assert.Throws<GitFailedException>(() => RepositoryHealth.CheckHead(RepositoryLocation.Find(repo.Path)));
        Assert.That(e!.Message, Does.Contain("not a commit"));
    }

    private static string LooseObject(TestRepository repo, string id)
    {
        string path = Path.Combine(repo.Path, ".git", "objects", id[..2], id[2..]);
        Assert.That(File.Exists(path), Is.True, $"{id} is loose");
        File.SetAttributes(path, FileAttributes.Normal);
        return path;
    }

    private static void Truncate(string path, int keep)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.That(bytes.Length, Is.GreaterThan(keep));
        File.WriteAllBytes(path, bytes[..keep]);
    }

    private static string Inflate(string path)
    {
        using var z = new ZLibStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(z, Encoding.Latin1);
        return reader.ReadToEnd();
    }

    private static void Rewrite(string path, string content)
    {
        using var file = File.Create(path);
        using var z = new ZLibStream(file, CompressionLevel.Fastest);
        z.Write(Encoding.Latin1.GetBytes(content));
    }
}
