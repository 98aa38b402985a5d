using System.Collections.Concurrent;

namespace SecretScan.Core;

/// <summary>
/// Produces the fragments of one scan: files of a folder, standard input, the git index, history.
/// Sources know nothing about rules; per-item problems go to <see cref="ScanContext.Report"/> and the scan goes on.
/// </summary>
public interface ISource
{
    /// <summary>dir, stdin, staged or git: names the scan kind in reports.</summary>
    string Kind { get; }
    string Target { get; }
    IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A source whose items are cheap to list but costly to load (files to read and decode): it hands out loaders,
/// and the pipeline's workers run them, so reading and decoding use every core instead of one producer thread.
/// </summary>
public interface IParallelSource : ISource
{
    IEnumerable<Func<Fragment?>> Loaders(ScanContext context, CancellationToken cancellationToken);
}

/// <summary>Shared, thread-safe state of a running scan: diagnostics and counters.</summary>
public sealed class ScanContext
{
    private readonly ConcurrentQueue<Diagnostic> _diagnostics = new();
    private long _files, _bytes, _skipped, _commits, _blobs;

    public void Report(Diagnostic diagnostic) => _diagnostics.Enqueue(diagnostic);
    public void CountFile(long bytes) { Interlocked.Increment(ref _files); Interlocked.Add(ref _bytes, bytes); }
    public void CountSkipped() => Interlocked.Increment(ref _skipped);
    public void CountCommits(long n) => Interlocked.Add(ref _commits, n);
    public void CountBlob() => Interlocked.Increment(ref _blobs);

    public IReadOnlyCollection<Diagnostic> Diagnostics => _diagnostics;
    public long Files => Interlocked.Read(ref _files);
    public long Bytes => Interlocked.Read(ref _bytes);
    public long Skipped => Interlocked.Read(ref _skipped);
    public long Commits => Interlocked.Read(ref _commits);
    public long Blobs => Interlocked.Read(ref _blobs);

    /// <summary>Repository facts a source learned (HEAD, branch, remote), for reporters such as SARIF.</summary>
    public ConcurrentDictionary<string, string> Repository { get; } = new();

    /// <summary>
    /// Turns raw bytes into a fragment, or reports why not: binary content and invalid UTF-8 become diagnostics,
    /// and the scan goes on. Shared by every source so that all of them judge content the same way.
    /// </summary>
    public Fragment? Decode(ReadOnlySpan<byte> bytes, string path, Provenance provenance, IReadOnlySet<int>? eligibleLines = null)
    {
        DecodeResult decoded = ContentDecoder.Decode(bytes);
        if (decoded.Outcome == DecodeOutcome.Binary)
        {
            CountSkipped();
            Report(new Diagnostic(DiagnosticCodes.Binary, DiagnosticLevel.Note, path, "binary content skipped"));
            return null;
        }
        if (decoded.Outcome == DecodeOutcome.InvalidUtf8)
            Report(new Diagnostic(DiagnosticCodes.Encoding, DiagnosticLevel.Warning, path, "not valid UTF-8; scanned as Latin-1"));
        CountFile(bytes.Length);
        return new Fragment(decoded.Text, path, provenance, eligibleLines);
    }
}
