using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace SecretScan.Core;

/// <summary>
/// A piece of content to scan: its bytes or text, its repository-relative path ('/' separators), where it came from,
/// and, for staged scans, which lines the change adds (only findings touching them are reported).
/// <para>
/// A fragment made from bytes keeps them and turns them into text only when detection asks for it
/// (<see cref="Content"/>): the keyword prefilter and the decoder's shape test run over the raw bytes, and most
/// files of a tree have nothing for them, so most files are never decoded to UTF-16 at all.
/// </para>
/// </summary>
public sealed class Fragment
{
    private int[]? _lineStarts;
    private string? _content;
    private byte[]? _bytes;
    private readonly int _length;
    private readonly bool _pooled;
    private readonly bool _latin1;

    public Fragment(string content, string path, Provenance provenance, IReadOnlySet<int>? eligibleLines = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(provenance);
        _content = content;
        Path = path;
        Provenance = provenance;
        EligibleLines = eligibleLines;
    }

    /// <summary>
    /// Content still in bytes: UTF-8 (or, when <paramref name="latin1"/>, Latin-1, one char per byte).
    /// When <paramref name="pooled"/>, the buffer came from <see cref="ArrayPool{T}.Shared"/> and
    /// <see cref="Release"/> returns it.
    /// </summary>
    public Fragment(byte[] bytes, int length, bool latin1, bool pooled, string path, Provenance provenance, IReadOnlySet<int>? eligibleLines = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(provenance);
        _bytes = bytes;
        _length = length;
        _latin1 = latin1;
        _pooled = pooled;
        IsAscii = Ascii.IsValid(bytes.AsSpan(0, length));
        Path = path;
        Provenance = provenance;
        EligibleLines = eligibleLines;
    }

    /// <summary>The text; made from the bytes on first use.</summary>
    public string Content => _content ??= Materialize();

    /// <summary>The raw bytes while the text has not been made yet; empty for a fragment made from text.</summary>
    public ReadOnlySpan<byte> Bytes => _content is null && _bytes is not null ? _bytes.AsSpan(0, _length) : default;

    /// <summary>Whether detection can still work on bytes (the text was not made yet).</summary>
    public bool HasRawBytes => _content is null && _bytes is not null;

    /// <summary>
    /// The bytes for as long as the fragment holds them, also after the text was made (empty for a fragment made from
    /// text, or once released): the decoder looks for candidate spans in them whether or not plain detection needed text.
    /// </summary>
    internal ReadOnlySpan<byte> KeptBytes => _bytes is not null ? _bytes.AsSpan(0, _length) : default;

    internal bool HasKeptBytes => _bytes is not null;

    /// <summary>Bytes that are all ASCII: byte offsets are char offsets, so hits found in bytes need no mapping.</summary>
    public bool IsAscii { get; }

    private bool? _validUtf8;

    /// <summary>
    /// Whether an offset found in the kept bytes, at a character boundary, maps to the text's char offset by counting
    /// (<see cref="CharOffset"/>): always for Latin-1 (one char per byte), for UTF-8 only when it is valid (the text
    /// of invalid UTF-8 holds replacement characters whose count the bytes alone do not give).
    /// </summary>
    internal bool MapsByteOffsets => _bytes is not null && (IsAscii || _latin1 || (_validUtf8 ??= Utf8.IsValid(_bytes.AsSpan(0, _length))));

    /// <summary>
    /// The char offset of a byte offset (see <see cref="MapsByteOffsets"/>). <paramref name="cursor"/> carries the last
    /// mapped pair, so offsets asked in ascending order cost one pass over the bytes in all.
    /// The bytes must still be kept.
    /// </summary>
    internal int CharOffset(int byteOffset, ref (int Byte, int Char) cursor)
    {
        if (IsAscii || _latin1) return byteOffset;
        // Counting from the cursor either way keeps offsets that step back a little (a token that began inside the
        // previous span) as cheap as the others.
        cursor = byteOffset >= cursor.Byte
            ? (byteOffset, cursor.Char + Encoding.UTF8.GetCharCount(_bytes!.AsSpan(cursor.Byte, byteOffset - cursor.Byte)))
            : (byteOffset, cursor.Char - Encoding.UTF8.GetCharCount(_bytes!.AsSpan(byteOffset, cursor.Byte - byteOffset)));
        return cursor.Char;
    }

    /// <summary>How the kept bytes are made text (see <see cref="MapsByteOffsets"/>).</summary>
    internal Encoding BytesEncoding => _latin1 ? Encoding.Latin1 : Encoding.UTF8;

    public string Path { get; }
    public Provenance Provenance { get; }
    /// <summary>1-based line numbers a finding must touch to be reported; null means every line.</summary>
    public IReadOnlySet<int>? EligibleLines { get; }

    private string Materialize()
    {
        if (_released) throw new InvalidOperationException($"{Path}: the fragment's bytes were released before its text was made");
        ReadOnlySpan<byte> bytes = _bytes.AsSpan(0, _length);
        return _latin1 ? Encoding.Latin1.GetString(bytes) : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Gives a pooled buffer back once the fragment has been scanned; the text, if made, stays usable.
    /// Only the pipeline calls it, after every stage is done with the fragment. Text that was never made is not made
    /// here: most files never need it, and making it for each of them was a copy of every scanned byte.
    /// </summary>
    public void Release()
    {
        if (!_pooled || _bytes is null) return;
        byte[] bytes = _bytes;
        _bytes = null;
        _released = true;
        ArrayPool<byte>.Shared.Return(bytes);
    }

    private bool _released;

    /// <summary>1-based line and column (in UTF-16 code units, as SARIF counts by default) of a character offset.</summary>
    public (int Line, int Column) Position(int offset)
    {
        int[] starts = _lineStarts ??= ComputeLineStarts(Content);
        int index = Array.BinarySearch(starts, offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - starts[index] + 1);
    }

    /// <summary>The text of a 1-based line without its line ending.</summary>
    public string LineText(int line)
    {
        int[] starts = _lineStarts ??= ComputeLineStarts(Content);
        if (line < 1 || line > starts.Length) return "";
        int start = starts[line - 1];
        int end = line < starts.Length ? starts[line] : Content.Length;
        return Content[start..end].TrimEnd('\n', '\r');
    }

    public bool IsEligible(int startLine, int endLine)
    {
        if (EligibleLines is null) return true;
        for (int l = startLine; l <= endLine; l++) if (EligibleLines.Contains(l)) return true;
        return false;
    }

    // Only CR LF and LF end lines: a lone CR is rare in source and git itself does not split on it.
    private static int[] ComputeLineStarts(string content)
    {
        var starts = new List<int> { 0 };
        int i = -1;
        while ((i = content.IndexOf('\n', i + 1)) >= 0) starts.Add(i + 1);
        return [.. starts];
    }
}

/// <summary>
/// A half-open span in a fragment: 1-based lines and columns, inclusive start and inclusive end column of the last
/// character (SARIF's endColumn is exclusive, reporters add one), and character offsets [StartOffset, EndOffset).
/// </summary>
public sealed record Location
{
    public Location(string path, int startLine, int startColumn, int endLine, int endColumn, int startOffset, int endOffset)
    {
        if (startLine < 1 || startColumn < 1 || endLine < startLine || (endLine == startLine && endColumn < startColumn))
            throw new ArgumentOutOfRangeException(nameof(startLine), "a location is non-empty and starts before it ends");
        Path = path; StartLine = startLine; StartColumn = startColumn; EndLine = endLine; EndColumn = endColumn;
        StartOffset = startOffset; EndOffset = endOffset;
    }

    public string Path { get; }
    public int StartLine { get; }
    public int StartColumn { get; }
    public int EndLine { get; }
    public int EndColumn { get; }
    public int StartOffset { get; }
    public int EndOffset { get; }
}
