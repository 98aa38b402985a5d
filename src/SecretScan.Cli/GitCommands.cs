using SecretScan.Git;
using SecretScan.Rules;

namespace SecretScan.Cli;

/// <summary><c>secretscan git [PATH]</c>: the whole history, or the part chosen with --branch, --since and --max-commits.</summary>
public static class GitCommand
{
    public static int Run(GitOptions o, CancellationToken cancellationToken)
    {
        if (o.MaxCommits is < 1) throw new UsageException("--max-commits must be 1 or more");
        RepositoryLocation repo = RepositoryLocation.Find(o.Path ?? ".");
        RepositoryHealth.CheckHead(repo);
        int rc = ScanCommand.Execute(o, repo.Root, s => new HistorySource(repo, new HistoryOptions
        {
            Branches = [.. o.Branch],
            Since = o.Since,
            MaxCommits = o.MaxCommits,
            Exclude = s.Exclude,
            MaxFileSize = s.MaxFileSize,
        }), cancellationToken, showProgress: true, onReport: report =>
        {
            // Said even without --verbose: an empty repository scanning clean is true, but the user should know why.
            if (!o.Quiet && report.Stats.Commits == 0)
                Console.Error.WriteLine("secretscan: note: no commits to scan (the repository is empty, or --since/--branch left nothing)");
        });
        return rc;
    }
}

/// <summary><c>secretscan staged</c>: the pre-commit check of the index against HEAD.</summary>
public static class StagedCommand
{
    public static int Run(StagedOptions o, CancellationToken cancellationToken)
    {
        RepositoryLocation repo = RepositoryLocation.Find(o.Repo ?? ".");
        if (repo.IsBare) throw new GitUsageException($"'{repo.Root}' is a bare repository: it has no index to scan (use 'secretscan git')");
        RepositoryHealth.CheckHead(repo);
        return ScanCommand.Execute(o, repo.Root, s => new StagedSource(repo, s.Exclude, s.MaxFileSize), cancellationToken,
            repositoryFiles: path => IndexFiles.Read(repo, path, InputLimits.MaxConfigBytes * 256));
    }
}
