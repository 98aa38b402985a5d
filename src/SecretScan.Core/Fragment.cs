namespace SecretScan.Core;

/// <summary>
/// A piece of content to scan: the text, its repository-relative path ('/' separators), where it came from,
/// and, for staged scans, which lines the change adds (only findings touching them are reported).
/// </summary>
public sealed class Fragment
{
    private int[]? _lineStarts;

    public Fragment(string content, string path, Provenance provenance, IReadOnlySet<int>? eligibleLines = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(provenance);
        Content = content;
        Path = path;
        Provenance = provenance;
        EligibleLines = eligibleLines;
    }

    public string Content { get; }
    public string Path { get; }
    public Provenance Provenance { get; }
    /// <summary>1-based line numbers a finding must touch to be reported; null means every line.</summary>
    public IReadOnlySet<int>? EligibleLines { get; }

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
