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
/// <param name="headChecked">
/// A check of HEAD still running (<see cref="RepositoryHealth.CheckHead"/>): awaited, and its failure thrown, before
/// libgit2 reads HEAD, which it was seen to spin on forever when the commit is corrupt.
/// </param>
public sealed class StagedSource(RepositoryLocation location, PathFilter exclude, long maxFileSize, Task? headChecked = null) : ISource
{
    public string Kind => "staged";
    public string Target => location.Root;

    public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken)
    {
        if (location.IsBare) throw new GitUsageException($"'{location.Root}' is a bare repository: it has no index to scan (use 'secretscan git')");
        using var repo = OpenWithIndex(location);
        headChecked?.GetAwaiter().GetResult();
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
    internal static Repository OpenWithIndex(RepositoryLocation location)
    {
        // libgit2 re-hashes every object it reads (git does not): for a hook that reads the HEAD tree, that was about a
        // tenth of its instructions. A damaged object still fails to inflate or parse; `git fsck` is the check for the rest.
        GlobalSettings.SetStrictHashVerification(false);
        string? index = Environment.GetEnvironmentVariable("GIT_INDEX_FILE") is { Length: > 0 } i ? Path.GetFullPath(i) : null;
        return new Repository(location.GitDir, new RepositoryOptions { IndexPath = index });
    }

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

/// <summary>
/// Git LFS stores a small text pointer in git and the real content elsewhere: scanning the pointer finds nothing.
/// A skip is a way past the scan, so only a pointer that is valid in full is skipped (the spec at
/// github.com/git-lfs/git-lfs/blob/main/docs/spec.md): under 200 bytes, <c>version</c> first, then keys in
/// alphabetical order, <c>oid sha256:</c> with 64 lowercase hex digits and a numeric <c>size</c>, each line ending
/// in LF. A file that only starts with the header is scanned like any other.
/// </summary>
public static class LfsPointer
{
    private const string Version = "version https://git-lfs.github.com/spec/v1";
    public const int MaxLength = 200;

    public static bool Is(ReadOnlySpan<byte> content)
    {
        if (content.Length >= MaxLength || content.Length == 0 || content[^1] != (byte)'\n') return false;
        foreach (byte b in content)
            if (b is < 0x20 and not (byte)'\n' || b >= 0x7F) return false;
        string[] lines = System.Text.Encoding.ASCII.GetString(content[..^1]).Split('\n');
        if (lines.Length < 3 || lines[0] != Version) return false;
        bool oid = false, size = false;
        string previous = "";
        foreach (string line in lines.AsSpan(1))
        {
            int space = line.IndexOf(' ');
            if (space <= 0) return false;
            string key = line[..space], value = line[(space + 1)..];
            if (string.CompareOrdinal(key, previous) <= 0 || !key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')) return false;
            previous = key;
            if (key == "oid") oid = value.Length == 71 && value.StartsWith("sha256:", StringComparison.Ordinal) && value[7..].All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
            else if (key == "size") size = value.Length is > 0 and < 20 && value.All(char.IsAsciiDigit) && (value == "0" || value[0] != '0');
            // Extension keys (ext-0-name …) are allowed by the spec; nothing else carries content worth hiding here.
            else if (!key.StartsWith("ext-", StringComparison.Ordinal)) return false;
            if (key == "oid" && !oid || key == "size" && !size) return false;
        }
        return oid && size;
    }
}

/// <summary>
/// Files as the index holds them: the content the next commit will carry, whatever the working tree says. One
/// repository is opened for all the files a run reads (config, baseline, rule files), at the first read: each open
/// reads git's config files and the index again, and the hook pays for every one.
/// </summary>
public sealed class IndexFiles(RepositoryLocation location) : IDisposable
{
    private Repository? _repo;

    /// <summary>The staged text of <paramref name="relativePath"/>, or null when the index has no such file.</summary>
    public string? Read(string relativePath, long maxBytes)
    {
        Repository repo = _repo ??= StagedSource.OpenWithIndex(location);
        IndexEntry? entry = repo.Index[relativePath.Replace('\\', '/')];
        if (entry is null || entry.Mode is not (Mode.NonExecutableFile or Mode.ExecutableFile)) return null;
        Blob blob = repo.Lookup<Blob>(entry.Id) ?? throw new GitFailedException($"the staged {relativePath} (blob {entry.Id.Sha}) is missing from the object database");
        if (blob.Size > maxBytes) throw new GitUsageException($"the staged {relativePath} is {blob.Size} bytes, over the {maxBytes}-byte limit for such files");
        using var reader = new StreamReader(blob.GetContentStream(), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    public void Dispose() => _repo?.Dispose();
}
