using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using SecretScan.Core;

namespace SecretScan.Git;

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
/// Design, chosen by measurement (STACK.md §4.3–4.4, bench/history.sh, bench/real.sh): libgit2 is used for what it
/// does well (discovery, validating revisions, repository facts: <see cref="HistoryRevisions"/>), while the bulk work
/// is two streamed git processes. <c>git log --raw --reverse --topo-order --diff-merges=combined</c>
/// (<see cref="CommitLogReader"/>) lists, oldest first, every blob each commit adds; the first sighting of a blob id
/// is its introduction. A merge lists only paths that differ from every parent, so a blob brought in by a merged
/// branch belongs to that branch's commit, and with <c>--since</c> a pull request that merged its target back in is
/// not blamed for the target's secrets. New ids are fed to one <c>git cat-file --batch</c>
/// (<see cref="CatFileSession"/>) whose output is read as it arrives, so memory grows with the largest blob, not the
/// repository. Reading objects through libgit2 was 9–70× slower here and serialises across threads. Tag messages
/// and notes come last (<see cref="RepositoryMetadataScan"/>).
/// </remarks>
public sealed class HistorySource(RepositoryLocation location, HistoryOptions options) : IParallelSource
{
    /// <summary>The path that findings in commit messages report.</summary>
    public const string MessagePath = "(commit message)";

    /// <summary>The path that findings in author or committer names and e-mails report.</summary>
    public const string MetadataPath = "(commit metadata)";

    public string Kind => "git";
    public string Target => location.Root;

    public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken) =>
        Loaders(context, cancellationToken).Select(load => load()).OfType<Fragment>();

    /// <summary>
    /// The git pipes are read here, on one thread, in order; decoding (binary check, UTF-8) runs in the returned
    /// loaders on the pipeline's workers, so it shares the cores with detection instead of holding up the reader.
    /// </summary>
    public IEnumerable<Func<Fragment?>> Loaders(ScanContext context, CancellationToken cancellationToken)
    {
        List<string> revisions = HistoryRevisions.Resolve(location, options, context, out bool hasCommits);
        if (!hasCommits)
        {
            context.Report(new Diagnostic(DiagnosticCodes.Skipped, DiagnosticLevel.Note, null, "the repository has no commits yet: nothing to scan"));
            yield break;
        }
        // Which commits have left the machine: asked of git while the log walks history (it emits nothing until its
        // walk is done, --reverse), not before the log starts; the producer waits for it at the first commit.
        Task<HashSet<string>> pushed = OwnThread.Start(() => HistoryRevisions.Pushed(location));

        Process? log = null;
        CatFileSession? catFile = null;
        Task? producer = null;
        using HistoryCensus? census = HistoryCensus.StartIfWanted(location, revisions, options, context);
        using var items = new BlockingCollection<HistoryItem>(boundedCapacity: 4096);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            log = GitProcess.Start(location.Root, LogArguments());
            catFile = new CatFileSession(location.Root, options.MaxFileSize);
            RepositoryMetadataScan? metadata = options.Branches.Count == 0 && options.Since is null ? RepositoryMetadataScan.Start(location) : null;
            Task<string> logErrors = log.StandardError.ReadToEndAsync(CancellationToken.None);
            foreach (string r in revisions) log.StandardInput.WriteLine(r);
            log.StandardInput.Close();

            Process logProcess = log;
            CatFileSession session = catFile;
            // A thread of its own: it blocks on git's pipes for the whole walk, and the pipeline's workers wait for it.
            producer = OwnThread.Start(() =>
            {
                try { Produce(logProcess, session, items, pushed, context, logErrors, stop.Token); }
                finally
                {
                    // End cat-file's input on every path, so a reader waiting for an answer gets end-of-stream, never a hang.
                    session.Complete();
                    items.CompleteAdding();
                }
            });

            foreach (HistoryItem item in items.GetConsumingEnumerable(cancellationToken))
            {
                if (item is CommitTextItem text)
                {
                    var fragment = new Fragment(text.Text, text.Path, text.Commit with { InMessage = true });
                    yield return () => fragment;
                    continue;
                }
                var blob = (NewBlobItem)item;
                if (Read(catFile, blob, context) is not { } content) continue;
                // Pooled, and handed to the fragment without a copy: history reads gigabytes of blobs, and a fresh
                // array per blob (large ones on the large-object heap) cost more than the decoding itself.
                yield return () => Decode(content.Buffer, content.Length, blob, context);
            }
            producer.GetAwaiter().GetResult();
            if (metadata is not null)
                foreach (Fragment extra in metadata.Fragments(context, cancellationToken))
                    yield return () => extra;
        }
        finally
        {
            stop.Cancel();
            GitProcess.Stop(log);
            catFile?.Dispose();
            try { producer?.Wait(CancellationToken.None); } catch (AggregateException) { /* its failure was already rethrown above, or we are unwinding another */ }
        }
    }

    private List<string> LogArguments()
    {
        var args = new List<string>
        {
            "-c", "core.quotePath=false", "log", "--stdin", "-z", "--raw", "--no-abbrev", "--no-renames", "--root",
            "--reverse", "--topo-order", "--diff-merges=combined", "--no-show-signature", "--no-color", "--no-mailmap",
            "--format=" + CommitLogReader.Format,
        };
        if (options.MaxCommits is int n) args.Add("--max-count=" + n.ToString(CultureInfo.InvariantCulture));
        if (options.Branches.Count == 0) args.Add("--all");
        return args;
    }

    /// <summary>
    /// Hands each commit's text and each never-seen blob to the reader, and asks cat-file for that blob's content.
    /// The item is queued before its id is asked for, so the reader never waits for content it has no item for.
    /// </summary>
    private void Produce(Process log, CatFileSession catFile, BlockingCollection<HistoryItem> items, Task<HashSet<string>> pushed,
        ScanContext context, Task<string> logErrors, CancellationToken cancellationToken)
    {
        var reader = new CommitLogReader(log.StandardOutput.BaseStream, options.Exclude, pushed.GetAwaiter().GetResult());
        long counted = 0;
        foreach (HistoryItem item in reader.Read(cancellationToken))
        {
            if (reader.Commits != counted) { context.CountCommits(reader.Commits - counted); counted = reader.Commits; }
            if (!items.TryAdd(item))
            {
                // The reader is behind and may be waiting for a blob whose id still sits in our buffer: hand the ids
                // over before blocking, or both sides would wait for each other.
                catFile.Flush();
                items.Add(item, cancellationToken);
            }
            if (item is NewBlobItem blob) catFile.Request(blob.Id);
        }
        if (reader.Commits != counted) context.CountCommits(reader.Commits - counted);
        log.WaitForExit();
        if (log.ExitCode != 0) throw new GitFailedException($"git log failed: {logErrors.Result.Trim()}");
    }

    /// <summary>One blob's content, or null with a diagnostic when it is missing, corrupt or oversized.</summary>
    private (byte[] Buffer, int Length)? Read(CatFileSession catFile, NewBlobItem blob, ScanContext context)
    {
        BlobAnswer answer = catFile.Next(out string? failure);
        switch (answer.Kind)
        {
            case BlobAnswerKind.NotABlob:
                // "<id> missing": a partial clone or a damaged repository; the other blobs are still worth scanning.
                context.Report(new Diagnostic(DiagnosticCodes.GitObject, DiagnosticLevel.Warning, blob.Path, $"blob {blob.Id} of commit {blob.Commit.Commit[..12]} could not be read ({answer.Header})"));
                return null;
            case BlobAnswerKind.Truncated:
                // A corrupt object: git names it and dies; the session restarted it, and the scan goes on without this one.
                context.Report(new Diagnostic(DiagnosticCodes.GitObject, DiagnosticLevel.Warning, blob.Path, $"blob {blob.Id} of commit {blob.Commit.Commit[..12]} is corrupt and was not scanned ({failure}); run 'git fsck'"));
                return null;
            case BlobAnswerKind.TooLarge:
                context.CountBlob();
                context.CountRead(answer.Size);
                context.CountSkipped();
                context.Report(new Diagnostic(DiagnosticCodes.TooLarge, DiagnosticLevel.Note, blob.Path, $"skipped blob {blob.Id[..12]}: {answer.Size} bytes is over the {options.MaxFileSize}-byte limit (--max-file-size)"));
                return null;
            default:
                context.CountBlob();
                context.CountRead(answer.Size);
                return (answer.Buffer!, answer.Length);
        }
    }

    /// <summary>The fragment takes over <paramref name="pooled"/>; when none is made, the buffer goes back to the pool here.</summary>
    private static Fragment? Decode(byte[] pooled, int length, NewBlobItem blob, ScanContext context)
    {
        if (LfsPointer.Is(pooled.AsSpan(0, length)))
        {
            ArrayPool<byte>.Shared.Return(pooled);
            context.CountSkipped();
            context.Report(new Diagnostic(DiagnosticCodes.Skipped, DiagnosticLevel.Note, blob.Path, "Git LFS pointer skipped (the content lives on the LFS server)"));
            return null;
        }
        return context.DecodeOwned(pooled, length, blob.Path, blob.Commit);
    }
}
