using SecretScan.Core;

namespace SecretScan.Git;

/// <summary>
/// For directory scans inside a work tree: the work tree's root, and what its ignore rules exclude. Git lists the
/// ignored paths itself (<c>ls-files --others --ignored --exclude-standard --directory</c>), so .gitignore files at
/// every level, <c>.git/info/exclude</c> and the global <c>core.excludesFile</c> mean exactly what they mean to git,
/// and a whole ignored folder (node_modules/, bin/) is one line that is never walked. One process costs a few
/// milliseconds; libgit2's per-path <c>IsPathIgnored</c> would need the repository opened and a call per path walked.
/// </summary>
public static class WorkTreeIgnores
{
    /// <summary>The nearest folder at or above <paramref name="folder"/> holding <c>.git</c> (a folder, or a worktree's file); null outside any.</summary>
    public static string? FindRoot(string folder)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(folder)); dir is not null; dir = dir.Parent)
        {
            string dotGit = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(dotGit) || File.Exists(dotGit)) return dir.FullName;
        }
        return null;
    }

    /// <summary>The ignored paths under <paramref name="folder"/>, relative to it and put after <paramref name="pathPrefix"/>.</summary>
    /// <returns>The paths, or null and why not (no git on PATH, a repository git refuses to read).</returns>
    public static (IgnoredPaths? Paths, string? Problem) List(string folder, string pathPrefix = "")
    {
        string output;
        try { output = GitProcess.Run(folder, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"); }
        catch (GitFailedException e) { return (null, e.Message.Split('\n', 2)[0].Trim()); }
        List<string> paths = [.. output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(p => pathPrefix + p)];
        return (new IgnoredPaths(paths), null);
    }
}
