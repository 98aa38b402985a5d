using SecretScan.Git;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Git;

[TestFixture]
public sealed class RepositoryLocationTests
{
    [TestCase("https://user:ghp_abcdef@github.com/org/repo.git", "https://github.com/org/repo.git")] // secretscan:allow: the case under test
    [TestCase("https://x-access-token@example.com/r.git", "https://example.com/r.git")]
    [TestCase("https://github.com/org/repo.git", "https://github.com/org/repo.git")]
    [TestCase("git@github.com:org/repo.git", "git@github.com:org/repo.git")]
    [TestCase("/srv/git/repo.git", "/srv/git/repo.git")]
    public void WithoutCredentials_RemoteUrl_DropsUserInfo(string url, string expected)
    {
        Assert.That(RepositoryLocation.WithoutCredentials(url), Is.EqualTo(expected));
    }

    [Test]
    public void Find_FromSubfolderAndFromInsideBareRepository_GivesRoot()
    {
        using var repo = TestRepository.Init();
        repo.Commit("a", ("src/deep/a.txt", "a\n"));
        string bare = repo.Temp.Combine("bare.git");
        repo.Git("clone", "-q", "--bare", repo.Path, bare);

        RepositoryLocation fromSubfolder = RepositoryLocation.Find(Path.Combine(repo.Path, "src", "deep"));
        RepositoryLocation fromBareRefs = RepositoryLocation.Find(Path.Combine(bare, "refs"));

        Assert.Multiple(() =>
        {
            Assert.That(fromSubfolder.Root, Is.EqualTo(repo.Path));
            Assert.That(fromSubfolder.IsBare, Is.False);
            Assert.That(fromBareRefs.Root, Is.EqualTo(bare));
            Assert.That(fromBareRefs.IsBare, Is.True);
        });
    }

    [Test]
    public void Find_OutsideAnyRepository_ThrowsUsageError()
    {
        using var temp = new TempDirectory();

        Assert.That(() => RepositoryLocation.Find(temp.Path), Throws.TypeOf<GitUsageException>().With.Message.Contains("not inside a git repository"));
    }
}
