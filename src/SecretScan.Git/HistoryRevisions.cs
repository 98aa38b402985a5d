using LibGit2Sharp;
using SecretScan.Core;

namespace SecretScan.Git;

/// <summary>
/// What the walk starts from, checked before any git process runs: --branch and --since validated with libgit2 (a
/// one-line error beats git's usage text), repository facts recorded, and the commits that have left this machine.
/// </summary>
internal static class HistoryRevisions
{
    /// <summary>The revisions for <c>git log --stdin</c> (branches, and <c>^since</c>); empty means all refs.</summary>
    /// <exception cref="GitUsageException">A --branch or --since names nothing in this repository.</exception>
    public static List<string> Resolve(RepositoryLocation location, HistoryOptions options, ScanContext context, out bool hasCommits)
    {
        using var repo = new Repository(location.GitDir);
        RepositoryLocation.DescribeInto(repo, context.Repository);
        if (repo.Info.IsShallow)
            context.Report(new Diagnostic(DiagnosticCodes.ShallowHistory, DiagnosticLevel.Warning, null,
                "this is a shallow clone: history is truncated, and secrets in the commits left out were not scanned (fetch with --unshallow, or actions/checkout with fetch-depth: 0)"));
        var revisions = new List<string>();
        foreach (string branch in options.Branches)
            revisions.Add(PeelToCommit(repo, branch)?.Sha ?? throw new GitUsageException($"--branch '{branch}' is not a branch, tag or commit in this repository"));
        if (options.Since is { } since)
            revisions.Add("^" + (PeelToCommit(repo, since)?.Sha ?? throw new GitUsageException($"--since '{since}' is not a branch, tag or commit in this repository")));
        hasCommits = repo.Head.Tip is not null || repo.Refs.Any(r => Peel(r.ResolveToDirectReference()?.Target) is not null);
        return revisions;
    }

    /// <summary>Commits a remote-tracking ref or a tag reaches: a secret in one of them has left this machine.</summary>
    public static HashSet<string> Pushed(RepositoryLocation location)
    {
        var commits = new HashSet<string>(StringComparer.Ordinal);
        string output = GitProcess.Run(location.Root, "rev-list", "--remotes", "--tags");
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries)) commits.Add(line.Trim());
        return commits;
    }

    private static Commit? PeelToCommit(Repository repo, string revision)
    {
        try { return Peel(repo.Lookup(revision)); }
        catch (LibGit2SharpException) { return null; }   // "bad revision syntax" and friends mean "not found" to the user
    }

    /// <summary>Annotated tags are unwrapped until a commit appears; tags of trees or blobs have none.</summary>
    private static Commit? Peel(GitObject? target)
    {
        while (target is TagAnnotation tag) target = tag.Target;
        return target as Commit;
    }
}
