using LibGit2Sharp;
using SecretScan.Core;

namespace SecretScan.Git;

/// <summary>
/// What the next commit adds: HEAD's tree (nothing before the first commit) against the index. The content scanned is
/// the <b>index</b> blob, never the working tree, so <c>git add -p</c> cannot hide a secret and an unstaged one does not
/// block; only findings touching lines the staged change adds are reported (<see cref="Fragment.EligibleLines"/>).
/// </summary>
/// <remarks>
/// Added lines come from TreeChanges plus <c>Diff.Compare(Blob, Blob)</c>, not <c>Diff.Compare&lt;Patch&gt;</c>: the latter
/// aborts the process under Native AOT (libgit2sharp #2082, STACK.md pitfall 6), and this is the hook's path.
/// </remarks>
public sealed class StagedSource(RepositoryLocation location, PathFilter exclude, long maxFileSize) : ISource
{
    public string Kind => "staged";
    public string Target => location.Root;

    public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken)
    {
        if (location.IsBare) throw new GitUsageException($"'{location.Root}' is a bare repository: it has no index to scan (use 'secretscan git')");
        using var repo = new Repository(location.GitDir, new RepositoryOptions { IndexPath = IndexPath() });
        RepositoryLocation.DescribeInto(repo, context.Repository);

        Tree? head = repo.Head.Tip?.Tree;
        List<Commit> mergeParents = MergeParents(repo);
        var compare = new CompareOptions { ContextLines = 0, InterhunkLines = 0, Similarity = SimilarityOptions.Renames };
        using var changes = repo.Diff.Compare<TreeChanges>(head, DiffTargets.Index, null, null, compare);
        foreach (TreeEntryChanges change in changes.OrderBy(c => c.Path, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (change.Status is not (ChangeKind.Added or ChangeKind.Modified or ChangeKind.Renamed or ChangeKind.Copied or ChangeKind.TypeChanged)) continue;
            string path = change.Path.Replace('\\', '/');
            if (change.Mode == Mode.GitLink)
            {
                context.Report(new Diagnostic(DiagnosticCodes.Skipped, DiagnosticLevel.Note, path, "submodule skipped (scan it in its own repository)"));
                continue;
            }
            if (change.Mode == Mode.SymbolicLink || exclude.Matches(path)) continue;

            Blob? blob = repo.Lookup<Blob>(change.Oid);
            if (blob is null)
            {
                context.Report(new Diagnostic(DiagnosticCodes.GitObject, DiagnosticLevel.Warning, path, $"staged blob {change.Oid.Sha} is missing from the object database"));
                continue;
            }
            if (blob.Size > maxFileSize)
            {
                context.CountSkipped();
                // A warning here, not the note of other scans: the hook shows warnings, and an unscanned file going into a commit should be seen.
                context.Report(new Diagnostic(DiagnosticCodes.TooLarge, DiagnosticLevel.Warning, path, $"not scanned: {blob.Size} bytes is over the {maxFileSize}-byte limit (--max-file-size)"));
                continue;
            }
            byte[] bytes = ReadAll(blob);
            if (LfsPointer.Is(bytes))
            {
                context.CountSkipped();
                context.Report(new Diagnostic(DiagnosticCodes.Skipped, DiagnosticLevel.Note, path, "Git LFS pointer skipped (the content lives on the LFS server)"));
                continue;
            }
            Fragment? fragment = context.Decode(bytes, path, new StagedProvenance(blob.Sha), EligibleLines(repo, change, blob, mergeParents, compare));
            if (fragment is not null) yield return fragment;
        }
    }

    /// <summary>
    /// Git points hooks at a temporary index for <c>git commit -a</c> and <c>git commit FILE</c>; libgit2 does not read
    /// GIT_INDEX_FILE itself, and scanning the default index then would judge the wrong content.
    /// </summary>
    private static string? IndexPath() =>
        Environment.GetEnvironmentVariable("GIT_INDEX_FILE") is { Length: > 0 } index ? Path.GetFullPath(index) : null;

    /// <summary>
    /// The lines this commit adds. Outside a merge: lines added against HEAD (null, meaning all, for a new file). In a
    /// merge, a line counts only if it is new against every parent, as in git's combined diff: lines brought in by the
    /// merged branch were committed (and checked) there, and blocking the merge on them would only teach --no-verify.
    /// </summary>
    private static HashSet<int>? EligibleLines(Repository repo, TreeEntryChanges change, Blob newBlob, List<Commit> mergeParents, CompareOptions compare)
    {
        Blob? oldBlob = change.Status == ChangeKind.Added || change.OldMode is Mode.GitLink or Mode.SymbolicLink or Mode.Nonexistent
            ? null : repo.Lookup<Blob>(change.OldOid);
        HashSet<int>? eligible = oldBlob is null ? null : AddedLines(repo, oldBlob, newBlob, compare);
        foreach (Commit parent in mergeParents)
        {
            if (parent[change.Path]?.Target is not Blob theirs) continue;   // new against this parent: every line stays
            HashSet<int> added = AddedLines(repo, theirs, newBlob, compare);
            if (eligible is null) eligible = added;
            else eligible.IntersectWith(added);
        }
        return eligible;
    }

    private static HashSet<int> AddedLines(Repository repo, Blob oldBlob, Blob newBlob, CompareOptions compare) =>
        [.. repo.Diff.Compare(oldBlob, newBlob, compare).AddedLines.Select(l => l.LineNumber)];

    /// <summary>The other parents of a merge in progress (MERGE_HEAD holds one line per merged commit); none otherwise.</summary>
    private static List<Commit> MergeParents(Repository repo)
    {
        string mergeHead = Path.Combine(repo.Info.Path, "MERGE_HEAD");
        if (!File.Exists(mergeHead)) return [];
        return [.. File.ReadAllLines(mergeHead).Select(l => l.Trim()).Where(l => l.Length > 0)
            .Select(sha => repo.Lookup<Commit>(sha)).OfType<Commit>()];
    }

    private static byte[] ReadAll(Blob blob)
    {
        using Stream stream = blob.GetContentStream();
        var bytes = new byte[blob.Size];
        stream.ReadExactly(bytes);
        return bytes;
    }
}

/// <summary>Git LFS stores a small text pointer in git and the real content elsewhere: scanning the pointer finds nothing.</summary>
public static class LfsPointer
{
    private static readonly byte[] Header = "version https://git-lfs.github.com/spec/v1"u8.ToArray();

    public static bool Is(ReadOnlySpan<byte> content) => content.Length < 1024 && content.StartsWith(Header);
}
