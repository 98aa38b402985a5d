using System.Globalization;

namespace SecretScan.Core;

/// <summary>
/// GitHub code scanning's line fingerprint (SARIF <c>partialFingerprints.primaryLocationLineHash</c>), computed the
/// way github/codeql-action's upload step computes it from a checked-out file (its <c>src/fingerprints.ts</c>).
/// <para>
/// Why we compute it ourselves: when a SARIF result has no such hash, the upload action hashes the file it finds
/// in the checkout. For a history finding that file has since changed or been deleted, so the hash is wrong or
/// missing and the alert does not track. Computed at detection time from the content that was actually scanned,
/// the hash is right for every finding, and matches what the action would compute when the file is unchanged.
/// </para>
/// <para>
/// The definition, in our words: walk the content one UTF-16 code unit at a time, dropping spaces and tabs and the
/// LF of a CR LF pair, and turning a lone CR into LF. A line starts at its first kept character (an empty line's
/// first kept character is its own LF). After the last character comes one end marker (U+FFFF), then zeros. The
/// hash of a line is the polynomial Σ c[i]·37^(99−i) over the 100 kept characters starting at the line's first,
/// in wrapping 64-bit arithmetic, written as unsigned lowercase hex without leading zeros, then ":n" where n counts
/// how many earlier lines (and this one) had the same hash. Because the end marker opens one more line, a file
/// ending in a newline has a hash for the line after it too.
/// </para>
/// <para>
/// Known difference: our decoder drops a byte-order mark before scanning, the action keeps U+FEFF as a character,
/// so line 1 of a file with a BOM hashes differently (lines after the first 100 kept characters are unaffected).
/// </para>
/// </summary>
public static class LineHash
{
    public const int BlockSize = 100;
    private const long Base = 37;
    private const int EndMarker = 0xFFFF;

    /// <summary>Base^BlockSize with wrap-around: what the character leaving the window weighs.</summary>
    private static readonly long Outgoing = ComputeOutgoing();

    private static long ComputeOutgoing()
    {
        long v = 1;
        for (int i = 0; i < BlockSize; i++) v = unchecked(v * Base);
        return v;
    }

    /// <summary>The hash of each wanted 1-based line that exists in <paramref name="content"/>.</summary>
    public static IReadOnlyDictionary<int, string> Compute(string content, IReadOnlyCollection<int> wantedLines)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(wantedLines);
        var hasher = new Rolling(wantedLines);
        if (hasher.Done) return hasher.Results;
        foreach (char ch in content)
        {
            hasher.Feed(ch);
            // Hash counts only depend on earlier lines, so once every wanted line is out the rest is not needed.
            if (hasher.Done) return hasher.Results;
        }
        hasher.Finish();
        return hasher.Results;
    }

    /// <summary>Every line's hash, in line order (for tests and for checking against published vectors).</summary>
    public static IReadOnlyList<string> All(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var hasher = new Rolling(null);
        foreach (char ch in content) hasher.Feed(ch);
        hasher.Finish();
        return [.. hasher.Results.OrderBy(kv => kv.Key).Select(kv => kv.Value)];
    }

    private sealed class Rolling(IReadOnlyCollection<int>? wanted)
    {
        private readonly HashSet<int>? _wanted = wanted is null ? null : [.. wanted];
        private readonly int[] _window = new int[BlockSize];
        // The line that begins at each window slot, 0 for none.
        private readonly int[] _lineAt = new int[BlockSize];
        private readonly Dictionary<ulong, int> _seen = [];
        private readonly Dictionary<int, string> _results = [];
        private long _hash;
        private int _slot;
        private int _line;
        private bool _atLineStart = true;
        private bool _afterCr;

        public Dictionary<int, string> Results => _results;
        public bool Done => _wanted is not null && _results.Count == _wanted.Count;

        public void Feed(int c)
        {
            if (c == ' ' || c == '\t' || (_afterCr && c == '\n'))
            {
                _afterCr = false;
                return;
            }
            _afterCr = c == '\r';
            if (_afterCr) c = '\n';
            if (_lineAt[_slot] != 0) Emit();
            if (_atLineStart)
            {
                _atLineStart = false;
                _lineAt[_slot] = ++_line;
            }
            if (c == '\n') _atLineStart = true;
            Push(c);
        }

        public void Finish()
        {
            Feed(EndMarker);
            for (int i = 0; i < BlockSize; i++)
            {
                if (_lineAt[_slot] != 0) Emit();
                Push(0);
            }
        }

        // The slot about to be overwritten holds the first character of a line, and the window now holds exactly
        // the 100 characters from it on: that is the line's hash.
        private void Emit()
        {
            ulong value = unchecked((ulong)_hash);
            int n = _seen.GetValueOrDefault(value) + 1;
            _seen[value] = n;
            int line = _lineAt[_slot];
            if (_wanted is null || _wanted.Contains(line))
                _results[line] = value.ToString("x", CultureInfo.InvariantCulture) + ":" + n.ToString(CultureInfo.InvariantCulture);
            _lineAt[_slot] = 0;
        }

        private void Push(int c)
        {
            int leaving = _window[_slot];
            _window[_slot] = c;
            _hash = unchecked(_hash * Base + c - Outgoing * leaving);
            _slot = (_slot + 1) % BlockSize;
        }
    }
}
