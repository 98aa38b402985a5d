using SecretScan.Core;
using SecretScan.Git;

namespace SecretScan.Doctor;

/// <summary>Where a value was seen by a scan: a file of the working tree, or a commit.</summary>
public sealed record Sighting(string Path, int Line, string? Commit, bool? Pushed)
{
    public string Describe() => Commit is null ? $"{Path}:{Line}" : $"commit {Provenance.ShortId(Commit)} {Path}:{Line}{(Pushed == true ? " (pushed)" : "")}";
}

/// <summary>
/// Runs SecretScan's own scan over the project (its files, and its git history when it is a repository) and keeps the
/// sightings by secret fingerprint, so a value is looked up without keeping it or comparing it in clear. The dotenv files
/// the doctor reads are the values' home, not a leak: they are left out of the folder scan, while history still shows
/// them if they were ever committed.
/// </summary>
public sealed class LeakSearch
{
    private readonly Dictionary<string, List<Sighting>> _byFingerprint = new(StringComparer.Ordinal);

    /// <summary>No value to look up has a format any rule recognises: a scan could not find it, so none ran.</summary>
    public static LeakSearch None => new();

    public bool Ran { get; private set; }
    public bool ScannedHistory { get; private set; }
    public List<string> Problems { get; } = [];

    public static LeakSearch Run(string root, IReadOnlyList<Rule> rules, IEnumerable<string> homeFiles, CancellationToken cancellationToken)
    {
        var search = new LeakSearch { Ran = true };
        var detector = new Detector(new RuleSet(rules));
        var pipeline = new ScanPipeline(detector, [], threads: 0);
        var exclude = new PathFilter(homeFiles.Select(f => "/" + f));
        search.Add(pipeline.Run(new DirectorySource(root, exclude, 10L * 1024 * 1024), cancellationToken));
        RepositoryLocation? repo = null;
        try { repo = RepositoryLocation.Find(root); }
        catch (GitUsageException) { }
        if (repo is not null)
        {
            try
            {
                search.Add(pipeline.Run(new HistorySource(repo, new HistoryOptions()), cancellationToken));
                search.ScannedHistory = true;
            }
            catch (Exception e) when (e is GitUsageException or GitFailedException or AggregateException or InvalidOperationException)
            {
                search.Problems.Add($"git history could not be scanned: {(e is AggregateException a ? a.InnerException?.Message : e.Message)}");
            }
        }
        return search;
    }

    private void Add(ScanReport report)
    {
        foreach (Finding f in report.Findings)
        {
            string key = Fingerprint.OfSecret(f.Secret);
            if (!_byFingerprint.TryGetValue(key, out var list)) _byFingerprint[key] = list = [];
            list.Add(f.Provenance is CommitProvenance c
                ? new Sighting(f.Location.Path, f.Location.StartLine, c.Commit, c.Pushed)
                : new Sighting(f.Location.Path, f.Location.StartLine, null, null));
        }
    }

    public IReadOnlyList<Sighting> SightingsOf(string value) =>
        _byFingerprint.TryGetValue(Fingerprint.OfSecret(new Secret(value)), out var list) ? list : [];
}
