using SecretScan.Cli.Hosting;
using SecretScan.Core;
using SecretScan.Git;
using SecretScan.Remediation;
using SecretScan.Rules;

namespace SecretScan.Cli.Commands;

/// <summary>Each scan verb's part: where its config is looked for, and which source it scans.</summary>
public static class ScanJobs
{
    public static ScanJob For(ScanOptions options, CliHost host, bool writesReports = true) => options switch
    {
        DirOptions o => Dir(o, host, writesReports),
        StdinOptions o => Stdin(o, host, writesReports),
        GitOptions o => History(o, host, writesReports),
        StagedOptions o => Staged(o, host, writesReports),
        _ => throw new InvalidOperationException($"no scan job for {options.GetType().Name}"),
    };

    private static ScanJob Dir(DirOptions o, CliHost host, bool writesReports)
    {
        string path = host.FullPath(o.Path ?? ".");
        bool isFolder = host.Files.DirectoryExists(path);
        if (!isFolder && !host.Files.FileExists(path)) throw new UsageException($"path '{o.Path}' does not exist");
        string root = isFolder ? path : Path.GetDirectoryName(path)!;
        var tree = DirScanScope.For(o, root, host);
        ScanSettings s = ScanSettingsBuilder.Build(o, tree.ConfigRoot, host, writesReports);
        IgnoredPaths? ignored = null;
        string? problem = null;
        return new ScanJob(s, () =>
        {
            if (tree.WorkTree is not null && !o.NoIgnore) (ignored, problem) = WorkTreeIgnores.List(root, tree.PathPrefix);
            return new DirectorySource(path, s.Exclude, s.MaxFileSize, ignored, tree.PathPrefix);
        }, Remark: report => DirScanScope.Remark(report, isFolder ? path : root, ignored, problem, s.Verbose));
    }

    private static ScanJob Stdin(StdinOptions o, CliHost host, bool writesReports)
    {
        string hint = (o.PathHint ?? "stdin").Replace('\\', '/');
        ScanSettings s = ScanSettingsBuilder.Build(o, host.Environment.CurrentDirectory, host, writesReports);
        return new ScanJob(s, () => new StdinSource(host.Console.OpenStandardInput(), hint, s.MaxFileSize));
    }

    private static ScanJob History(GitOptions o, CliHost host, bool writesReports)
    {
        if (o.MaxCommits is < 1) throw new UsageException($"--max-commits must be 1 or more, not {o.MaxCommits}");
        RepositoryLocation repo = RepositoryLocation.Find(host.FullPath(o.Path ?? "."));
        RepositoryHealth.CheckHead(repo);
        ScanSettings s = ScanSettingsBuilder.Build(o, repo.Root, host, writesReports);
        var history = new HistoryOptions
        {
            Branches = [.. o.Branch],
            Since = o.Since,
            MaxCommits = o.MaxCommits,
            Exclude = s.Exclude,
            MaxFileSize = s.MaxFileSize,
        };
        // Said even without --verbose: an empty repository scanning clean is true, but the user should know why.
        return new ScanJob(s, () => new HistorySource(repo, history), ShowProgress: true,
            Remark: report => report.Stats.Commits == 0 ? "secretscan: note: no commits to scan (the repository is empty, or --since/--branch left nothing)" : null,
            Assess: new ExposureAssessor(repo, host.Clock).Apply);
    }

    private static ScanJob Staged(StagedOptions o, CliHost host, bool writesReports)
    {
        RepositoryLocation repo = RepositoryLocation.Find(host.FullPath(o.Repo ?? "."));
        if (repo.IsBare) throw new GitUsageException($"'{repo.Root}' is a bare repository: it has no index to scan (use 'secretscan git')");
        // HEAD's loose objects are checked while the config is read, the rules load and the index is opened (none of
        // them reads HEAD's objects); the source waits for the check before libgit2 touches HEAD.
        Task head = Task.Run(() => RepositoryHealth.CheckHead(repo));
        ScanSettings s;
        // The commit is judged with the config and baseline it carries: read from the index, not the working tree.
        try
        {
            using var index = new IndexFiles(repo);
            s = ScanSettingsBuilder.Build(o, repo.Root, host, writesReports,
                repositoryFiles: path => index.Read(path, InputLimits.MaxConfigBytes * 256));
        }
        catch
        {
            head.GetAwaiter().GetResult();   // a corrupt HEAD is the error to report, whatever the config says
            throw;
        }
        return new ScanJob(s, () => new StagedSource(repo, s.Exclude, s.MaxFileSize, head), Remark: BlockedCommitFooter.For);
    }
}
