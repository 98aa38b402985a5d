using System.Globalization;
using SecretScan.Core;
using SecretScan.Reporting;

namespace SecretScan.Cli;

/// <summary>
/// One self-rewriting line on stderr for long history scans: commits walked, blobs and bytes scanned with their rate,
/// elapsed time, and findings so far; once the source knows its totals (<see cref="ScanContext.Plan"/>), each figure
/// against its total, the percentage of bytes read and an estimate of the time left. It stays silent for the first second, so quick scans (and the pre-commit hook)
/// never flash it; callers only create it when stderr is a terminal and --quiet is off, so logs and pipes never see
/// carriage returns.
/// </summary>
public sealed class ProgressLine : IDisposable
{
    private readonly ScanContext _context;
    private readonly TextWriter _error;
    private readonly TimeProvider _clock;
    private readonly long _started;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    // The report merges sightings of one secret at one path across commits into one finding: counted the same way here.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Fingerprint, string Path), byte> _historyFindings = new();
    private int _otherFindings;
    private bool _shown, _disposed;

    public ProgressLine(ScanContext context, TextWriter error, TimeProvider clock)
    {
        _context = context;
        _error = error;
        _clock = clock;
        _started = clock.GetTimestamp();
        context.WantsTotals = true;
        _timer = clock.CreateTimer(_ => Draw(), null, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Fed by <see cref="ScanPipeline.OnFindingKept"/> from worker threads.</summary>
    public void Found(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Provenance is CommitProvenance) _historyFindings.TryAdd((finding.Fingerprint, finding.Location.Path), 0);
        else Interlocked.Increment(ref _otherFindings);
    }

    /// <summary>The number the report will show when the scan ends.</summary>
    public int FindingCount => _historyFindings.Count + Volatile.Read(ref _otherFindings);

    public string Text()
    {
        TimeSpan elapsed = _clock.GetElapsedTime(_started);
        double seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        long plannedBytes = _context.PlannedBytes;
        if (_context.PlannedBlobs > 0 && plannedBytes > 0)
        {
            long read = _context.ReadBytes;
            // The totals are an estimate (excluded paths count in them): never claim 100 % before the end.
            double done = Math.Min((double)read / plannedBytes, 0.99);
            string left = done >= 0.01 ? $"about {Clock(TimeSpan.FromSeconds(seconds * (1 - done) / done))} left" : "time left not known yet";
            return string.Create(CultureInfo.InvariantCulture,
                $"{_context.Commits} of {_context.PlannedCommits} commits, {_context.Blobs} of {_context.PlannedBlobs} blobs, {Vocabulary.Bytes(read)} of {Vocabulary.Bytes(plannedBytes)} ({done * 100:0}%), {Vocabulary.Bytes((long)(read / seconds))}/s, {Clock(elapsed)} elapsed, {left}, {FindingCount} finding(s) so far");
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{_context.Commits} commits, {_context.Blobs} blobs ({_context.Blobs / seconds:0}/s), {Vocabulary.Bytes(_context.Bytes)} ({Vocabulary.Bytes((long)(_context.Bytes / seconds))}/s), {Clock(elapsed)} elapsed, {FindingCount} finding(s) so far");
    }

    private static string Clock(TimeSpan t) =>
        t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t:mm\\:ss}") : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private void Draw()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _shown = true;
            _error.Write($"\r{Text()}\u001b[K");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _timer.Dispose();
            if (_shown) _error.Write("\r\u001b[K");
        }
    }
}
