using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;

namespace SecretScan.Core;

/// <summary>
/// Runs a scan: a source produces fragments on one thread (a git pipe is a single stream), or the workers take
/// files from a directory walk in turn and read them themselves; workers on every core detect and filter them, and
/// the result is a <see cref="ScanReport"/> in a deterministic order whatever the thread timing.
/// <example><code>
/// var report = new ScanPipeline(new Detector(ruleSet), [new InlineMarkerFilter()], threads: 0)
///     .Run(new DirectorySource(".", new PathFilter([]), 10_000_000), ct);
/// </code></example>
/// </summary>
public sealed class ScanPipeline
{
    private readonly Task<Detector> _detector;
    private readonly ImmutableArray<IFindingFilter> _filters;
    private readonly int _threads;

    public ScanPipeline(Detector detector, IEnumerable<IFindingFilter> filters, int threads)
        : this(Task.FromResult(detector), filters, threads)
    {
    }

    /// <summary>
    /// With a detector still being built (rules still loading): the source starts producing at once and workers wait
    /// for the detector, so a pre-commit scan reads the git index while the rules are parsed. If building the
    /// detector fails, the scan stops and that failure is what <see cref="Run(ISource, ScanContext, CancellationToken)"/> throws.
    /// </summary>
    public ScanPipeline(Task<Detector> detector, IEnumerable<IFindingFilter> filters, int threads)
    {
        _detector = detector;
        _filters = [.. filters];
        _threads = threads > 0 ? threads : Environment.ProcessorCount;
    }

    /// <summary>Called from worker threads after each fragment, for progress displays.</summary>
    public Action<int>? OnFragmentScanned { get; init; }

    /// <summary>Called from worker threads for each finding that passed every filter (before history sightings are merged).</summary>
    public Action<Finding>? OnFindingKept { get; init; }

    public ScanReport Run(ISource source, CancellationToken cancellationToken) => Run(source, new ScanContext(), cancellationToken);

    public ScanReport Run(ISource source, ScanContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var findings = new ConcurrentBag<Finding>();
        var suppressed = new ConcurrentDictionary<Stage, int>();
        // A failing worker (or detector) stops the others and the producer, which could otherwise wait forever on a full channel.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        void Process(Detector detector, Fragment fragment)
        {
            try { FileIsolation.Run(fragment, context, () => Scan(detector, fragment, context, findings, suppressed)); }
            finally { fragment.Release(); }
            OnFragmentScanned?.Invoke(findings.Count);
        }

        Task[] workers;
        IEnumerator<Func<Fragment?>>? walk = null;
        var gate = new object();
        if (source is IParallelSource parallel)
        {
            // Loaders are cheap (a path; the worker reads the file), so the workers take the next one from the walk
            // themselves, under a lock: no channel, no producer to wake per file. Waking a bounded channel's writer
            // once per file cost a thread-pool hand-off and its idle spinning each time, as much CPU as the decoder.
            IEnumerator<Func<Fragment?>> files = walk = parallel.Loaders(context, failed.Token).GetEnumerator();
            // Threads of their own (OwnThread): a worker blocks while it holds the walk (a history walk waits on git's
            // pipes there) and the others block on the lock, while the walk waits for the history's git reader.
            workers = StartThreads(failed, () =>
            {
                Detector? detector = null;
                while (true)
                {
                    failed.Token.ThrowIfCancellationRequested();
                    Func<Fragment?> load;
                    lock (gate)
                    {
                        if (!files.MoveNext()) break;
                        load = files.Current;
                    }
                    // The first files are found and read while the rules may still be loading.
                    Fragment? fragment = FileIsolation.Load(load, context);
                    detector ??= _detector.GetAwaiter().GetResult();
                    if (fragment is not null) Process(detector, fragment);
                }
                // A source with no files still reports a detector that failed to build.
                _detector.GetAwaiter().GetResult();
            });
        }
        else workers = RunFromChannel(source, context, failed, Process, cancellationToken);
        try { Task.WaitAll(workers, CancellationToken.None); }
        catch (AggregateException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception first = e.Flatten().InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
        finally
        {
            if (walk is not null) lock (gate) walk.Dispose();
        }
        Detector used = _detector.Result;

        ImmutableArray<Finding> ordered = [.. MergeHistory(findings)
            .OrderBy(f => f.Location.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Location.StartLine).ThenBy(f => f.Location.StartColumn)
            .ThenBy(f => f.Rule.Id, StringComparer.Ordinal)
            .ThenBy(f => (f.Provenance as CommitProvenance)?.Order ?? 0)];

        return new ScanReport
        {
            Kind = source.Kind,
            Target = source.Target,
            Findings = ordered,
            Diagnostics = [.. context.Diagnostics.OrderBy(d => d.Path ?? "", StringComparer.Ordinal).ThenBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.Message, StringComparer.Ordinal)],
            Rules = used.Rules.Rules,
            Repository = context.Repository.ToImmutableDictionary(),
            Stats = new ScanStats
            {
                Files = context.Files, Bytes = context.Bytes, Skipped = context.Skipped,
                Commits = context.Commits, Blobs = context.Blobs,
                Suppressed = suppressed.ToImmutableDictionary(),
                Duration = clock.Elapsed,
            },
        };
    }

    /// <summary>
    /// Sources that produce whole fragments on one stream (a git pipe): this thread reads them into a bounded channel,
    /// so memory holds a few fragments, and the workers take them from it.
    /// </summary>
    private Task[] RunFromChannel(ISource source, ScanContext context, CancellationTokenSource failed, Action<Detector, Fragment> process,
        CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<Fragment>(new BoundedChannelOptions(_threads * 16) { SingleWriter = true });
        Task[] workers = StartWorkers(failed, async () =>
        {
            Detector detector = await _detector.ConfigureAwait(false);
            await foreach (Fragment fragment in channel.Reader.ReadAllAsync(failed.Token).ConfigureAwait(false))
                process(detector, fragment);
        });
        try
        {
            foreach (Fragment fragment in source.Fragments(context, failed.Token))
                while (!channel.Writer.TryWrite(fragment))
                    channel.Writer.WaitToWriteAsync(failed.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A worker failed: its exception, thrown when the workers are awaited, is the one that explains the stop.
        }
        finally
        {
            channel.Writer.TryComplete();
        }
        return workers;
    }

    /// <summary>One dedicated thread per worker running <paramref name="work"/>; the first to fail stops the others.</summary>
    private Task[] StartThreads(CancellationTokenSource failed, Action work) =>
        [.. Enumerable.Range(0, _threads).Select(_ => OwnThread.Start(() =>
        {
            try { work(); }
            catch (Exception) when (!failed.IsCancellationRequested)
            {
                failed.Cancel();
                throw;
            }
        }))];

    /// <summary>One task per thread running <paramref name="work"/>; the first to fail stops the others.</summary>
    private Task[] StartWorkers(CancellationTokenSource failed, Func<Task> work) =>
        [.. Enumerable.Range(0, _threads).Select(_ => Task.Run(async () =>
        {
            try { await work().ConfigureAwait(false); }
            catch (Exception) when (!failed.IsCancellationRequested)
            {
                failed.Cancel();
                throw;
            }
        }, CancellationToken.None))];

    private void Scan(Detector detector, Fragment fragment, ScanContext context, ConcurrentBag<Finding> findings, ConcurrentDictionary<Stage, int> suppressed)
    {
        DetectionResult result = detector.Detect(fragment);
        foreach (Diagnostic d in result.Diagnostics) context.Report(d);
        foreach (var (stage, count) in result.Suppressions) suppressed.AddOrUpdate(stage, count, (_, c) => c + count);
        foreach (Finding finding in result.Findings)
        {
            if (!fragment.IsEligible(finding.Location.StartLine, finding.Location.EndLine))
            {
                suppressed.AddOrUpdate(Stage.NotInChange, 1, (_, c) => c + 1);
                continue;
            }
            IFindingFilter? by = _filters.FirstOrDefault(f => FileIsolation.Suppresses(f, finding, fragment, context));
            if (by is not null) suppressed.AddOrUpdate(by.Stage, 1, (_, c) => c + 1);
            else
            {
                findings.Add(finding);
                OnFindingKept?.Invoke(finding);
            }
        }
    }

    /// <summary>
    /// In history, one secret at one path seen in many commits is one finding: the earliest sighting is kept
    /// and the others are counted, so a key that lived for 300 commits is not 300 lines of report.
    /// </summary>
    private static IEnumerable<Finding> MergeHistory(IEnumerable<Finding> findings)
    {
        var other = new List<Finding>();
        var byKey = new Dictionary<(string, string), (Finding First, int Count)>();
        foreach (Finding f in findings)
        {
            if (f.Provenance is not CommitProvenance commit) { other.Add(f); continue; }
            var key = (f.Fingerprint, f.Location.Path);
            if (!byKey.TryGetValue(key, out var seen)) { byKey[key] = (f, 1); continue; }
            var seenOrder = ((CommitProvenance)seen.First.Provenance).Order;
            bool earlier = commit.Order < seenOrder || (commit.Order == seenOrder && f.Location.StartOffset < seen.First.Location.StartOffset);
            byKey[key] = (earlier ? f : seen.First, seen.Count + 1);
        }
        foreach (var (first, count) in byKey.Values) other.Add(first with { MoreOccurrences = first.MoreOccurrences + count - 1 });
        return other;
    }
}
