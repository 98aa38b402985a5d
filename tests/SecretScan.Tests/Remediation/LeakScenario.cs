using SecretScan.Tests.Support;

namespace SecretScan.Tests.Remediation;

/// <summary>
/// A working clone with a bare "remote" beside it in the same temp folder, so that pushed and local-only commits are
/// real: <c>git push</c> moves refs/remotes/origin/* exactly as it does against a hosting service.
/// </summary>
public sealed class LeakScenario : IDisposable
{
    private LeakScenario(TestRepository repo, string remote)
    {
        Repo = repo;
        Remote = remote;
    }

    public TestRepository Repo { get; }
    public string Remote { get; }
    public string Path => Repo.Path;

    public static LeakScenario Create(bool withRemote = true)
    {
        var repo = TestRepository.Init();
        string remote = repo.Temp.Combine("remote.git");
        if (withRemote)
        {
            repo.GitIn(repo.Temp.Path, "init", "-q", "--bare", "-b", "main", remote);
            repo.Git("remote", "add", "origin", remote);
        }
        return new LeakScenario(repo, remote);
    }

    /// <summary>Commits the files with fixed author and committer dates, so "N days ago" can be checked against a pinned clock.</summary>
    public string CommitAt(DateTimeOffset when, string message, params (string Path, string Content)[] files)
    {
        foreach (var (p, c) in files)
        {
            Repo.Write(p, c);
            Repo.Git("add", "--", p);
        }
        var env = Repo.Environment;
        string date = when.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        env["GIT_AUTHOR_DATE"] = date;
        env["GIT_COMMITTER_DATE"] = date;
        CliRunner.Result r = CliRunner.Run("git", ["commit", "-q", "--no-verify", "--allow-empty", "-m", message], Path, environment: env);
        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        return Repo.Git("rev-parse", "HEAD");
    }

    public void Push() => Repo.Git("push", "-q", "origin", "HEAD:main");

    public void Dispose() => Repo.Dispose();
}

/// <summary>A clock that always says the same time: the "pushed N days ago" text is then exact.</summary>
public sealed class PinnedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
