namespace SecretScan.Core;

/// <summary>
/// The untracked paths a work tree's ignore rules exclude (.gitignore, .git/info/exclude, core.excludesFile), as
/// git itself lists them, relative to the scan root: a folder git ignores whole is one entry and is never walked.
/// Tracked files are never in the list, whatever the patterns say: they are in the repository, so they are scanned.
/// </summary>
public sealed class IgnoredPaths
{
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);
    private int _skipped;

    /// <param name="paths">Paths with <c>/</c> separators; a folder ends with <c>/</c>.</param>
    public IgnoredPaths(IEnumerable<string> paths)
    {
        foreach (string p in paths)
        {
            if (p.Length == 0) continue;
            if (p.EndsWith('/')) _folders.Add(p[..^1]);
            else _files.Add(p);
        }
    }

    public int Count => _files.Count + _folders.Count;

    /// <summary>How many files and folders the walk left out, for the note that says so.</summary>
    public int Skipped => Volatile.Read(ref _skipped);

    public bool Skips(string relative, bool isFolder)
    {
        if (Count == 0 || !(isFolder ? _folders : _files).Contains(relative)) return false;
        Interlocked.Increment(ref _skipped);
        return true;
    }
}
