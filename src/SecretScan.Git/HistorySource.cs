using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LibGit2Sharp;
using SecretScan.Core;

namespace SecretScan.Git;

/// <summary>What part of history to scan: all refs by default, or the given branches; minus what <see cref="Since"/> reaches.</summary>
public sealed record HistoryOptions
{
    public IReadOnlyList<string> Branches { get; init; } = [];
    public string? Since { get; init; }
    public int? MaxCommits { get; init; }
    public PathFilter Exclude { get; init; } = new([]);
    public long MaxFileSize { get; init; } = 10L * 1024 * 1024;
}

/// <summary>
/// Every file version (blob) reachable from all refs (branches, tags, remote-tracking refs, stash) or from the chosen
/// branches, each read and scanned <b>once</b> and attributed to the first commit and path that introduced it, plus
/// every commit message. Who calls it: <c>secretscan git</c>, through the <see cref="ScanPipeline"/>.
/// <example><code>
/// var source = new HistorySource(RepositoryLocation.Find("."), new HistoryOptions { Since = "origin/main" });
/// ScanReport report = pipeline.Run(source, ct);
/// </code></example>
/// </summary>
/// <remarks>
/// Design, chosen by measurement (STACK.md §4.3–4.4, bench/history.sh): libgit2 is used for what it does well
/// (discovery, validating revisions, repository facts), while the bulk work is two streamed git processes.
/// <c>git log --raw --reverse --topo-order --diff-merges=combined</c> lists, oldest first, every blob each commit
/// adds; the first sighting of a blob id is its introduction (parents come before children). A merge lists only paths
/// that differ from every parent, so a blob brought in by a merged branch belongs to that branch's commit, and with
/// <c>--since</c> a pull request that merged its target back in is not blamed for the target's secrets. New ids are fed to one
/// <c>git cat-file --batch</c> whose output is read as it arrives, so memory grows with the largest blob, not the
/// repository. Reading objects through libgit2 was 9–70× slower here and serialises across threads.
/// </remarks>
public sealed class HistorySource(RepositoryLocation location, HistoryOptions options) : IParallelSource
{
    /// <summary>The path that findings in commit messages report.</summary>
    public const string MessagePath = "(commit message)";

    /// <summary>The path that findings in author or committer names and e-mails report.</summary>
    public const string MetadataPath = "(commit metadata)";

    private const string Format = "%x01%H%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%B";

    public string Kind => "git";
    public string Target => location.Root;

    private abstract record Item;
    private sealed record BlobItem(string Id, string Path, CommitProvenance Commit) : Item;
    private sealed record MessageItem(string Message, CommitProvenance Commit, string Path = MessagePath) : Item;

    public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken) =>
        Loaders(context, cancellationToken).Select(load => load()).OfType<Fragment>();

    /// <summary>
    /// The git pipes are read here, on one thread, in order; decoding (binary check, UTF-8) runs in the returned
    /// loaders on the pipeline's workers, so it shares the cores with detection instead of holding up the reader.
    /// </summary>
    public IEnumerable<Func<Fragment?>> Loaders(ScanContext context, CancellationToken cancellationToken)
    {
        List<string> revisions = Revisions(context, out bool hasCommits);
        if (!hasCommits)
        {
            context.Report(new Diagnostic(DiagnosticCodes.Skipped, DiagnosticLevel.Note, null, "the repository has no commits yet: nothing to scan"));
            yield break;
        }
        HashSet<string> pushed = PushedCommits();

        Process? log = null, catFile = null;
        Task? producer = null;
        using var items = new BlockingCollection<Item>(boundedCapacity: 4096);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            log = GitProcess.Start(location.Root, LogArguments());
            catFile = GitProcess.Start(location.Root, ["cat-file", "--batch"]);
            Task<string> logErrors = log.StandardError.ReadToEndAsync(CancellationToken.None);
            Task<string> catErrors = catFile.StandardError.ReadToEndAsync(CancellationToken.None);
            foreach (string r in revisions) log.StandardInput.WriteLine(r);
            log.StandardInput.Close();

            Process logProcess = log, catProcess = catFile;
            producer = Task.Run(() =>
            {
                try { Produce(logProcess, catProcess.StandardInput.BaseStream, items, pushed, context, logErrors, stop.Token); }
                finally
                {
                    // End cat-file's input on every path, so a reader waiting for an answer gets end-of-stream, never a hang.
                    try { catProcess.StandardInput.Close(); } catch (IOException) { }
                    items.CompleteAdding();
                }
            }, CancellationToken.None);

            var reader = new BufferedStream(catFile.StandardOutput.BaseStream, 1 << 16);
            foreach (Item item in items.GetConsumingEnumerable(cancellationToken))
            {
                if (item is MessageItem m)
                {
                    var fragment = new Fragment(m.Message, m.Path, m.Commit with { InMessage = true });
                    yield return () => fragment;
                    continue;
                }
                var blob = (BlobItem)item;
                if (ReadBlob(reader, blob, context, catErrors) is not { } content) continue;
                yield return () =>
                {
                    // Pooled: history reads hundreds of MB of blobs, and a fresh array per blob (large ones on the
                    // large-object heap) cost more than the decoding itself.
                    try { return Decode(content.Buffer.AsSpan(0, content.Length), blob, context); }
                    finally { ArrayPool<byte>.Shared.Return(content.Buffer); }
                };
            }
            producer.GetAwaiter().GetResult();
            if (options.Branches.Count == 0 && options.Since is null)
                foreach (Fragment extra in TagsAndNotes(context, cancellationToken))
                    yield return () => extra;
        }
        finally
        {
            stop.Cancel();
            GitProcess.Stop(log);
            GitProcess.Stop(catFile);
            try { producer?.Wait(CancellationToken.None); } catch (AggregateException) { /* its failure was already rethrown above, or we are unwinding another */ }
        }
    }

    /// <summary>
    /// Annotated tag messages and taggers, and git notes: text that lives in the repository outside any commit and is
    /// pushed with it. Read once per scan of all refs (a scan of chosen branches or of a range is about commits).
    /// </summary>
    private IEnumerable<Fragment> TagsAndNotes(ScanContext context, CancellationToken cancellationToken)
    {
        string tags;
        try { tags = GitProcess.Run(location.Root, "for-each-ref", "refs/tags", "--format=%00%(objecttype)%00%(refname)%00%(objectname)%00%(taggername)%00%(taggeremail)%00%(taggerdate:iso-strict)%00%(contents)"); }
        catch (GitFailedException e)
        {
            context.Report(new Diagnostic(DiagnosticCodes.GitObject, DiagnosticLevel.Warning, null, $"tag messages not scanned: {e.Message}"));
            tags = "";
        }
        foreach (string record in tags.Split("\n\0", StringSplitOptions.None).Select(r => r.TrimStart('\0')))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string[] f = record.Split('\0');
            if (f.Length < 7 || f[0] != "tag") continue;
            DateTimeOffset.TryParse(f[5], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset when);
            var tag = new CommitProvenance(f[2], f[3], f[4].Trim('<', '>'), when, f[1]) { InMessage = true, Pushed = true };
            yield return new Fragment($"tagger: {f[3]} {f[4]}\n{string.Join('\0', f[6..])}", $"(tag {f[1]})", tag);
        }

        string notes;
        try { notes = GitProcess.Run(location.Root, "notes", "list"); }
        catch (GitFailedException) { yield break; }   // no notes ref: nothing to read
        foreach (string line in notes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string[] ids = line.Split(' ');
            if (ids.Length != 2) continue;
            string text;
            try { text = GitProcess.Run(location.Root, "cat-file", "blob", ids[0]); }
            catch (GitFailedException e)
            {
                context.Report(new Diagnostic(DiagnosticCodes.GitObject, DiagnosticLevel.Warning, null, $"note on {ids[1][..Math.Min(12, ids[1].Length)]} not readable: {e.Message}"));
                continue;
            }
            var note = new CommitProvenance(ids[1], "", "", DateTimeOffset.UnixEpoch, "git note") { InMessage = true };
            if (context.Decode(System.Text.Encoding.UTF8.GetBytes(text), $"(note on {ids[1][..Math.Min(12, ids[1].Length)]})", note) is { } fragment) yield return fragment;
        }
    }

    /// <summary>Validates --branch and --since with libgit2 (a one-line error beats git's usage text) and records repository facts.</summary>
    private List<string> Revisions(ScanContext context, out bool hasCommits)
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

    /// <summary>Commits a remote-tracking ref or a tag reaches: a secret in one of them has left this machine.</summary>
    private HashSet<string> PushedCommits()
    {
        var commits = new HashSet<string>(StringComparer.Ordinal);
        string output = GitProcess.Run(location.Root, "rev-list", "--remotes", "--tags");
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries)) commits.Add(line.Trim());
        return commits;
    }

    private List<string> LogArguments()
    {
        var args = new List<string>
        {
            "-c", "core.quotePath=false", "log", "--stdin", "-z", "--raw", "--no-abbrev", "--no-renames", "--root",
            "--reverse", "--topo-order", "--diff-merges=combined", "--no-show-signature", "--no-color", "--no-mailmap",
            "--format=" + Format,
        };
        if (options.MaxCommits is int n) args.Add("--max-count=" + n.ToString(CultureInfo.InvariantCulture));
        if (options.Branches.Count == 0) args.Add("--all");
        return args;
    }

    /// <summary>
    /// Parses git log's stream (one NUL-separated header per commit, then <c>:modes ids status</c> / path pairs), hands
    /// each commit message and each never-seen blob to the reader, and asks cat-file for that blob's content.
    /// The item is queued before its id is written, so the reader never waits for content it has no item for.
    /// </summary>
    private void Produce(Process log, Stream catFileInput, BlockingCollection<Item> items, HashSet<string> pushed,
        ScanContext context, Task<string> logErrors, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fields = new NulFieldReader(log.StandardOutput.BaseStream);
        var idLine = new byte[128];
        CommitProvenance? commit = null;
        long order = 0;
        int pending = 0;

        void Add(Item item)
        {
            if (items.TryAdd(item)) return;
            // The reader is behind and may be waiting for a blob whose id still sits in our buffer: hand the ids over
            // before blocking, or both sides would wait for each other.
            catFileInput.Flush();
            items.Add(item, cancellationToken);
        }
        string? field = fields.Next();
        while (field is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (field.StartsWith('\u0001'))
            {
                string sha = field[1..];
                string author = fields.Next() ?? "", email = fields.Next() ?? "", date = fields.Next() ?? "";
                string committer = fields.Next() ?? "", committerEmail = fields.Next() ?? "", message = fields.Next() ?? "";
                // Old imports carry odd dates; a finding without a readable date is still a finding.
                if (!DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset when)) when = DateTimeOffset.UnixEpoch;
                commit = new CommitProvenance(sha, author, email, when, Summary(message))
                {
                    Order = order++,
                    Pushed = pushed.Contains(sha),
                };
                context.CountCommits(1);
                if (message.Length > 0) Add(new MessageItem(message, commit));
                // Names and e-mails are free text anyone can set (git -c user.name=…): a key pasted there is as public
                // as one in a file.
                Add(new MessageItem($"author: {author} <{email}>\ncommitter: {committer} <{committerEmail}>\n", commit, MetadataPath));
                field = fields.Next();
                continue;
            }
            string raw = field.TrimStart('\n');
            if (!raw.StartsWith(':') || commit is null) { field = fields.Next(); continue; }
            string path = fields.Next() ?? "";
            field = fields.Next();

            // ":100644 100644 <old id> <new id> M", or for a merge one colon, mode and id per parent before the result's
            // ("::m1 m2 m <id1> <id2> <id> MM"): only the result matters.
            int parents = 0;
            while (parents < raw.Length && raw[parents] == ':') parents++;
            string[] parts = raw[parents..].Split(' ');
            if (parts.Length < 2 * parents + 3) continue;
            string newMode = parts[parents], newId = parts[2 * parents + 1], status = parts[2 * parents + 2];
            if (status.StartsWith('D') || newMode is "160000" or "120000" or "000000") continue;   // deletion, submodule, symlink
            if (options.Exclude.Matches(path) || !seen.Add(newId)) continue;

            Add(new BlobItem(newId, path, commit));
            int n = Encoding.ASCII.GetBytes(newId, idLine);
            idLine[n] = (byte)'\n';
            catFileInput.Write(idLine, 0, n + 1);
            // Ids go to cat-file in batches: one write (and one wake-up of cat-file) per id cost more than reading.
            if (++pending >= 64) { catFileInput.Flush(); pending = 0; }
        }
        log.WaitForExit();
        if (log.ExitCode != 0) throw new GitFailedException($"git log failed: {logErrors.Result.Trim()}");
    }

    private static string Summary(string message)
    {
        string trimmed = message.TrimStart('\n');
        int newline = trimmed.IndexOf('\n');
        return (newline < 0 ? trimmed : trimmed[..newline]).TrimEnd('\r');
    }

    /// <summary>Reads one <c>&lt;id&gt; blob &lt;size&gt;\n&lt;content&gt;\n</c> answer of cat-file; oversized content is skipped without buffering it.</summary>
    private (byte[] Buffer, int Length)? ReadBlob(Stream reader, BlobItem blob, ScanContext context, Task<string> catErrors)
    {
        string header = ReadLine(reader) ?? throw new GitFailedException($"git cat-file stopped early: {catErrors.Result.Trim()}");
        string[] parts = header.Split(' ');
        if (parts.Length < 3 || parts[1] != "blob" || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
        {
            // "<id> missing": a partial clone or a damaged repository; the other blobs are still worth scanning.
            context.Report(new Diagnostic(DiagnosticCodes.GitObject, DiagnosticLevel.Warning, blob.Path, $"blob {blob.Id} of commit {blob.Commit.Commit[..12]} could not be read ({header})"));
            return null;
        }
        context.CountBlob();
        if (size > options.MaxFileSize)
        {
            Skip(reader, size + 1);
            context.CountSkipped();
            context.Report(new Diagnostic(DiagnosticCodes.TooLarge, DiagnosticLevel.Note, blob.Path, $"skipped blob {blob.Id[..12]}: {size} bytes is over the {options.MaxFileSize}-byte limit (--max-file-size)"));
            return null;
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)size);
        try { reader.ReadExactly(buffer.AsSpan(0, (int)size)); }
        catch (EndOfStreamException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new GitFailedException($"git cat-file stopped in the middle of blob {blob.Id[..12]} ({blob.Path}): {catErrors.Result.Trim()}");
        }
        Skip(reader, 1);
        return (buffer, (int)size);
    }

    private static Fragment? Decode(ReadOnlySpan<byte> content, BlobItem blob, ScanContext context)
    {
        if (LfsPointer.Is(content))
        {
            context.CountSkipped();
            context.Report(new Diagnostic(DiagnosticCodes.Skipped, DiagnosticLevel.Note, blob.Path, "Git LFS pointer skipped (the content lives on the LFS server)"));
            return null;
        }
        return context.Decode(content, blob.Path, blob.Commit);
    }

    private static string? ReadLine(Stream reader)
    {
        var line = new StringBuilder(64);
        while (true)
        {
            int b = reader.ReadByte();
            if (b < 0) return line.Length == 0 ? null : line.ToString();
            if (b == '\n') return line.ToString();
            line.Append((char)b);
        }
    }

    private static void Skip(Stream reader, long count)
    {
        Span<byte> scratch = stackalloc byte[8192];
        while (count > 0)
        {
            int n = reader.Read(scratch[..(int)Math.Min(scratch.Length, count)]);
            if (n == 0) throw new GitFailedException("git cat-file stopped in the middle of a blob");
            count -= n;
        }
    }
}
