using LibGit2Sharp;

namespace SecretScan.Git;

/// <summary>
/// Where a repository is: its git folder, its work tree (null when bare) and the root that paths and the
/// <c>.secretscan.yaml</c> config are relative to (the work tree, or the git folder of a bare repository).
/// </summary>
public sealed record RepositoryLocation(string GitDir, string? WorkTree)
{
    public bool IsBare => WorkTree is null;
    public string Root => WorkTree ?? GitDir;

    /// <summary>
    /// Finds the repository containing <paramref name="path"/>: from any subfolder, a linked worktree (whose
    /// <c>.git</c> is a file) or the inside of a bare repository.
    /// </summary>
    /// <remarks>
    /// The walk up is ours rather than <c>Repository.Discover</c>: that call returned null for a valid repository in the
    /// Native AOT build (its path out-parameter is marshalled by a custom marshaller), while opening a repository works.
    /// </remarks>
    /// <exception cref="GitUsageException">The path does not exist or is not inside a repository.</exception>
    public static RepositoryLocation Find(string path)
    {
        string full = Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new GitUsageException($"'{path}' is not a folder");
        for (var dir = new DirectoryInfo(full); dir is not null; dir = dir.Parent)
        {
            string dotGit = Path.Combine(dir.FullName, ".git");
            string? candidate = Directory.Exists(dotGit) || File.Exists(dotGit) ? dir.FullName : LooksLikeGitDir(dir.FullName) ? dir.FullName : null;
            if (candidate is null || !Repository.IsValid(candidate)) continue;
            using var repo = new Repository(candidate);
            return new RepositoryLocation(Trim(repo.Info.Path), repo.Info.IsBare ? null : Trim(repo.Info.WorkingDirectory));
        }
        throw new GitUsageException($"'{path}' is not inside a git repository (no .git found here or in any parent folder)");
    }

    /// <summary>A bare repository, or the inside of a .git folder: git's own test for a git directory.</summary>
    private static bool LooksLikeGitDir(string dir) =>
        File.Exists(Path.Combine(dir, "HEAD")) && Directory.Exists(Path.Combine(dir, "objects")) && Directory.Exists(Path.Combine(dir, "refs"));

    private static string Trim(string dir) => dir.Length > 1 ? dir.TrimEnd('/', '\\') : dir;

    /// <summary>HEAD, branch and the origin URL (or first remote's), for reporters such as SARIF; nothing when unknown.</summary>
    public static void DescribeInto(Repository repo, IDictionary<string, string> facts)
    {
        if (repo.Head.Tip is { } tip) facts["head"] = tip.Sha;
        if (!repo.Info.IsHeadDetached && !repo.Info.IsHeadUnborn) facts["branch"] = repo.Head.FriendlyName;
        Remote? remote = repo.Network.Remotes["origin"] ?? repo.Network.Remotes.FirstOrDefault();
        if (remote?.Url is { Length: > 0 } url) facts["remoteUrl"] = WithoutCredentials(url);
    }

    /// <summary>
    /// Remote URLs often carry a token (<c>https://user:ghp_…@github.com/…</c>): reports must not copy it out, so the
    /// user-info part of a URL is dropped. scp-style addresses (<c>git@host:path</c>) hold only a user name.
    /// </summary>
    public static string WithoutCredentials(string url)
    {
        if (!url.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.UserInfo.Length == 0)
            return url;
        return new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString();
    }
}

/// <summary>A mistake in what the user asked for (not a repository, an unknown revision): exit code 2, one line.</summary>
public sealed class GitUsageException(string message) : Exception(message);

/// <summary>git itself failed in a way the scan cannot work around (a crashed subprocess, a corrupt object database).</summary>
public sealed class GitFailedException(string message) : Exception(message);
