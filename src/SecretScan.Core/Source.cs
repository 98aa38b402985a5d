using System.Buffers;
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
    private long _plannedCommits, _plannedBlobs, _plannedBytes, _readBytes;

    public void Report(Diagnostic diagnostic) => _diagnostics.Enqueue(diagnostic);
    public void CountFile(long bytes) { Interlocked.Increment(ref _files); Interlocked.Add(ref _bytes, bytes); }
    public void CountSkipped() => Interlocked.Increment(ref _skipped);
    public void CountCommits(long n) => Interlocked.Add(ref _commits, n);
    public void CountBlob() => Interlocked.Increment(ref _blobs);

    /// <summary>Set by a progress display before the scan starts: a source may then spend a little to learn its totals.</summary>
    public bool WantsTotals { get; set; }

    /// <summary>The work a source expects (0 while unknown), so progress can show a total, a percentage and the time left.</summary>
    public void Plan(long commits, long blobs, long bytes)
    {
        Interlocked.Exchange(ref _plannedCommits, commits);
        Interlocked.Exchange(ref _plannedBlobs, blobs);
        Interlocked.Exchange(ref _plannedBytes, bytes);
    }

    /// <summary>Bytes a source has read, including content it then skipped (binary, oversized): the measure of work done against <see cref="PlannedBytes"/>.</summary>
    public void CountRead(long bytes) => Interlocked.Add(ref _readBytes, bytes);

    public long PlannedCommits => Interlocked.Read(ref _plannedCommits);
    public long PlannedBlobs => Interlocked.Read(ref _plannedBlobs);
    public long PlannedBytes => Interlocked.Read(ref _plannedBytes);
    public long ReadBytes => Interlocked.Read(ref _readBytes);

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
    /// The bytes are copied into a pooled buffer and stay bytes until detection needs text.
    /// </summary>
    public Fragment? Decode(ReadOnlySpan<byte> bytes, string path, Provenance provenance, IReadOnlySet<int>? eligibleLines = null)
    {
        if (ContentDecoder.NeedsTranscoding(bytes)) return DecodeText(bytes, path, provenance, eligibleLines);
        if (!Judge(bytes, bytes.Length, path, out bool latin1)) return null;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length, 1));
        bytes.CopyTo(buffer);
        return new Fragment(buffer, bytes.Length, latin1, pooled: true, path, provenance, eligibleLines);
    }

    /// <summary>
    /// Like <see cref="Decode(ReadOnlySpan{byte}, string, Provenance, IReadOnlySet{int})"/> for a buffer rented from
    /// <see cref="ArrayPool{T}.Shared"/> that the fragment takes over (no copy); the buffer goes back to the pool when
    /// no fragment is made.
    /// </summary>
    public Fragment? DecodeOwned(byte[] pooled, int length, string path, Provenance provenance, IReadOnlySet<int>? eligibleLines = null)
    {
        ReadOnlySpan<byte> bytes = pooled.AsSpan(0, length);
        if (ContentDecoder.NeedsTranscoding(bytes))
        {
            Fragment? text = DecodeText(bytes, path, provenance, eligibleLines);
            ArrayPool<byte>.Shared.Return(pooled);
            return text;
        }
        if (!Judge(bytes, length, path, out bool latin1))
        {
            ArrayPool<byte>.Shared.Return(pooled);
            return null;
        }
        return new Fragment(pooled, length, latin1, pooled: true, path, provenance, eligibleLines);
    }

    /// <summary>Reports a binary file as skipped, as <see cref="Decode"/> would have from its first bytes.</summary>
    public void SkipBinary(string path)
    {
        CountSkipped();
        Report(new Diagnostic(DiagnosticCodes.Binary, DiagnosticLevel.Note, path, "binary content skipped"));
    }

    private bool Judge(ReadOnlySpan<byte> bytes, long length, string path, out bool latin1)
    {
        latin1 = false;
        if (ContentDecoder.LooksBinary(bytes))
        {
            SkipBinary(path);
            return false;
        }
        latin1 = !System.Text.Unicode.Utf8.IsValid(bytes);
        if (latin1)
            Report(new Diagnostic(DiagnosticCodes.Encoding, DiagnosticLevel.Warning, path, "not valid UTF-8; scanned as Latin-1"));
        CountFile(length);
        return true;
    }

    // A byte-order mark: UTF-16 and UTF-32 are transcoded to text at once (they are rare, and the byte prefilter reads
    // ASCII-compatible encodings only), and a UTF-8 BOM is not part of the text.
    private Fragment? DecodeText(ReadOnlySpan<byte> bytes, string path, Provenance provenance, IReadOnlySet<int>? eligibleLines)
    {
        DecodeResult decoded = ContentDecoder.Decode(bytes);
        if (decoded.Outcome == DecodeOutcome.Binary)
        {
            SkipBinary(path);
            return null;
        }
        if (decoded.Outcome == DecodeOutcome.InvalidUtf8)
            Report(new Diagnostic(DiagnosticCodes.Encoding, DiagnosticLevel.Warning, path, "not valid UTF-8; scanned as Latin-1"));
        CountFile(bytes.Length);
        return new Fragment(decoded.Text, path, provenance, eligibleLines);
    }
}
