using System.Buffers;

namespace SecretScan.Core;

/// <summary>
/// Every file under a folder (or one file), skipping <c>.git</c>, excluded globs, binary and oversized files.
/// Directory symlinks are not followed, so a link loop cannot hang a scan; file symlinks are read through.
/// </summary>
public sealed class DirectorySource : IParallelSource
{
    private readonly string _root;
    private readonly PathFilter _exclude;
    private readonly long _maxFileSize;
    private readonly IgnoredPaths? _ignored;
    private readonly string _pathPrefix;

    /// <param name="ignored">What the work tree's .gitignore excludes (null scans everything, as --no-ignore asks).</param>
    /// <param name="pathPrefix">Put before every relative path (<c>src/</c>), when paths are the repository root's.</param>
    public DirectorySource(string root, PathFilter exclude, long maxFileSize, IgnoredPaths? ignored = null, string pathPrefix = "")
    {
        _root = Path.GetFullPath(root);
        _exclude = exclude;
        _maxFileSize = maxFileSize;
        _ignored = ignored;
        _pathPrefix = pathPrefix;
    }

    public string Kind => "dir";
    public string Target => _root;

    public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken) =>
        Loaders(context, cancellationToken).Select(load => load()).OfType<Fragment>();

    public IEnumerable<Func<Fragment?>> Loaders(ScanContext context, CancellationToken cancellationToken)
    {
        if (File.Exists(_root))
        {
            var single = new FileInfo(_root);
            yield return () => Read(context, single, _pathPrefix + single.Name);
            yield break;
        }
        foreach (var (file, relative) in Walk(context, cancellationToken))
            yield return () => Read(context, file, relative);
    }

    private IEnumerable<(FileInfo File, string Relative)> Walk(ScanContext context, CancellationToken cancellationToken)
    {
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(_root));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DirectoryInfo dir = pending.Pop();
            FileSystemInfo[] entries;
            try { entries = dir.GetFileSystemInfos(); }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                context.Report(new Diagnostic(DiagnosticCodes.Unreadable, DiagnosticLevel.Warning, Relative(dir.FullName) + "/", $"folder not readable: {e.Message}"));
                continue;
            }
            // Sorted so the walk, and so the order of diagnostics, is the same on every machine.
            Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var subfolders = new List<DirectoryInfo>();
            foreach (FileSystemInfo entry in entries)
            {
                if (entry.Name == ".git") continue;
                string relative = Relative(entry.FullName);
                if (entry is DirectoryInfo d)
                {
                    if (d.LinkTarget is not null || _exclude.Matches(relative) || _ignored?.Skips(relative, isFolder: true) == true) continue;
                    subfolders.Add(d);
                }
                else if (entry is FileInfo f && !_exclude.Matches(relative) && _ignored?.Skips(relative, isFolder: false) != true)
                {
                    yield return (f, relative);
                }
            }
            for (int i = subfolders.Count - 1; i >= 0; i--) pending.Push(subfolders[i]);
        }
    }

    private string Relative(string fullPath) => _pathPrefix + Path.GetRelativePath(_root, fullPath).Replace('\\', '/');

    /// <summary>
    /// Reads the first 8 KB first, so a binary file is judged (and skipped) without reading the rest, then the rest
    /// into a pooled buffer that the fragment owns until the pipeline has scanned it.
    /// </summary>
    private static Fragment? ReadPooled(ScanContext context, string fullPath, long length, string relative)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, length));
        try
        {
            int read = ReadUpTo(stream, buffer, 0, (int)Math.Min(length, ContentDecoder.BinarySniffLength));
            if (ContentDecoder.LooksBinary(buffer.AsSpan(0, read)))
            {
                ArrayPool<byte>.Shared.Return(buffer);
                context.SkipBinary(relative);
                return null;
            }
            if (read == ContentDecoder.BinarySniffLength) read += ReadUpTo(stream, buffer, read, (int)length - read);
            return context.DecodeOwned(buffer, read, relative, new FileProvenance(fullPath));
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static int ReadUpTo(Stream stream, byte[] buffer, int offset, int count)
    {
        int total = 0;
        while (total < count)
        {
            int n = stream.Read(buffer, offset + total, count - total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private Fragment? Read(ScanContext context, FileInfo file, string relative)
    {
        try
        {
            if (file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
            {
                context.CountSkipped();
                context.Report(new Diagnostic(DiagnosticCodes.BrokenLink, DiagnosticLevel.Warning, relative, $"broken symbolic link to '{file.LinkTarget}'"));
                return null;
            }
            if (SpecialFiles.Kind(file.FullName) is { } special)
            {
                context.CountSkipped();
                context.Report(new Diagnostic(DiagnosticCodes.Special, DiagnosticLevel.Warning, relative, $"skipped: a {special}, not a regular file (never opened)"));
                return null;
            }
            long length = file.LinkTarget is null ? file.Length : new FileInfo(file.ResolveLinkTarget(true)!.FullName).Length;
            if (length > _maxFileSize)
            {
                context.CountSkipped();
                context.Report(new Diagnostic(DiagnosticCodes.TooLarge, DiagnosticLevel.Note, relative, $"skipped: {length} bytes is over the {_maxFileSize}-byte limit (--max-file-size)"));
                return null;
            }
            return ReadPooled(context, file.FullName, length, relative);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            context.CountSkipped();
            context.Report(new Diagnostic(DiagnosticCodes.Unreadable, DiagnosticLevel.Warning, relative, $"not readable: {e.Message}"));
            return null;
        }
    }
}

/// <summary>Standard input as one fragment, named by <c>--path-hint</c> in reports.</summary>
public sealed class StdinSource(Stream input, string pathHint, long maxSize) : ISource
{
    public string Kind => "stdin";
    public string Target => pathHint;

    public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken)
    {
        byte[]? bytes = BoundedRead.ReadAll(input, maxSize, cancellationToken);
        if (bytes is null)
        {
            context.CountSkipped();
            context.Report(new Diagnostic(DiagnosticCodes.TooLarge, DiagnosticLevel.Warning, pathHint, $"skipped: more than the {maxSize}-byte limit (--max-file-size); reading stopped there"));
            yield break;
        }
        var fragment = context.Decode(bytes, pathHint, new StdinProvenance());
        if (fragment is not null) yield return fragment;
    }
}
