using System.Globalization;
using SecretScan.Core;
using SecretScan.Reporting;

namespace SecretScan.Cli;

/// <summary>
/// One self-rewriting line on stderr for long history scans: commits walked, blobs and bytes scanned, findings so far.
/// It stays silent for the first second, so quick scans (and the pre-commit hook) never flash it; callers only
/// create it when stderr is a terminal and --quiet is off, so logs and pipes never see carriage returns.
/// </summary>
public sealed class ProgressLine : IDisposable
{
    private readonly ScanContext _context;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private int _findings;
    private bool _shown, _disposed;

    public ProgressLine(ScanContext context)
    {
        _context = context;
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Fed by <see cref="ScanPipeline.OnFragmentScanned"/> from worker threads.</summary>
    public void Findings(int count) => Volatile.Write(ref _findings, count);

    private void Draw()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _shown = true;
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{_context.Commits} commits, {_context.Blobs} blobs, {TextReporter.FormatBytes(_context.Bytes)} scanned, {Volatile.Read(ref _findings)} finding(s)\u001b[K"));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _timer.Dispose();
            if (_shown) Console.Error.Write("\r\u001b[K");
        }
    }
}
