using System.Runtime.Intrinsics;
using System.Text;

namespace SecretScan.Core.Decoding;

/// <summary>
/// What one decoding of a span produced. <see cref="Map"/> ties every decoded char to where it came from in the
/// text it was decoded from (one entry per char plus one for the end), for in-place encodings such as escapes and
/// entities; it is null for encodings that scramble positions (base64, hex), whose findings point at the whole span.
/// </summary>
public sealed record DecodedText(string Text, int[]? Map, string Kind);

/// <summary>
/// The decoders of the decoder stage. Each is a pure function of the candidate span; malformed input (invalid
/// base64, truncated escapes or entities, lone surrogates) is either left as it is or rejected, never thrown.
/// </summary>
public static class Decoders
{
    /// <summary>Shortest base64 run the shape test decodes without a container naming it.</summary>
    public const int MinBase64 = 16;
    /// <summary>Shortest hex run decoded.</summary>
    public const int MinHex = 32;

    /// <summary>
    /// Base64 or base64url to text. The decoded bytes must be UTF-8 and mostly printable: a run of identifier
    /// characters or a hash decodes to noise and is dropped after a look at its first 48 bytes.
    /// </summary>
    public static DecodedText? Base64(ReadOnlySpan<char> span, bool named = false)
    {
        ReadOnlySpan<char> body = span.TrimEnd('=');
        if (body.Length < (named ? 4 : MinBase64) || body.Length % 4 == 1 || span.Length - body.Length > 2) return null;
        bool url = body.ContainsAny('-', '_'), std = body.ContainsAny('+', '/');
        if (url && std) return null;
        // The prefix first, without allocating: most candidates in ordinary source are not base64 of text.
        // (Standard base64 is probed as it stands. Every identifier with an underscore reads as base64url here, so
        // its alphabet is mapped to the standard one by vector replaces, not char by char.)
        Span<char> head = stackalloc char[64];
        Span<byte> headBytes = stackalloc byte[48];
        int probe = Math.Min(body.Length, 64) / 4 * 4;
        scoped ReadOnlySpan<char> probed = body[..probe];
        if (url) probed = ToStandardAlphabet(probed, head);
        // Base64 of an identifier decodes to bytes that are seldom UTF-8 (most runs that pass the control count fail
        // this within the first dozen bytes), and the whole must be UTF-8: an invalid prefix rejects it exactly.
        if (probe > 0 && (!Convert.TryFromBase64Chars(probed, headBytes, out int written)
            || !MayStartUtf8(headBytes[..written]) || !MostlyPrintable(headBytes[..written]))) return null;
        int padded = (body.Length + 3) / 4 * 4;
        char[] chars = new char[padded];
        if (url) ToStandardAlphabet(body, chars);
        else body.CopyTo(chars);
        chars.AsSpan(body.Length).Fill('=');
        byte[] bytes = new byte[padded / 4 * 3];
        if (!Convert.TryFromBase64Chars(chars, bytes, out int length)) return null;
        return Text(bytes.AsSpan(0, length), url ? "base64url" : "base64");
    }

    /// <summary>Whether the bytes are valid UTF-8 or its start: a character cut off at their end is allowed.</summary>
    private static bool MayStartUtf8(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[48];
        return bytes.Length > chars.Length
            || System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: false)
                != System.Buffers.OperationStatus.InvalidData;
    }

    private static Span<char> ToStandardAlphabet(ReadOnlySpan<char> url, Span<char> into)
    {
        Span<char> standard = into[..url.Length];
        url.Replace(standard, '-', '+');
        standard.Replace('_', '/');
        return standard;
    }

    /// <summary>Hex pairs to text (even length, at least <see cref="MinHex"/> digits, mostly printable).</summary>
    public static DecodedText? Hex(ReadOnlySpan<char> span)
    {
        if (span.Length < MinHex || span.Length % 2 != 0) return null;
        byte[] bytes = new byte[span.Length / 2];
        int probe = Math.Min(span.Length, 32);
        if (Convert.FromHexString(span[..probe], bytes, out _, out int probed) != System.Buffers.OperationStatus.Done
            || !MostlyPrintable(bytes.AsSpan(0, probed))) return null;
        if (Convert.FromHexString(span, bytes, out _, out int written) != System.Buffers.OperationStatus.Done) return null;
        return Text(bytes.AsSpan(0, written), "hex");
    }

    /// <summary>
    /// URL percent-encoding (<c>%22</c>, <c>%3A</c>): at least two escapes, and the result must be printable text
    /// (a printf format such as <c>%02x%02x</c> decodes to control bytes and is dropped).
    /// </summary>
    public static DecodedText? Percent(ReadOnlySpan<char> span, int spanStart)
    {
        var bytes = new List<byte>(span.Length);
        var map = new List<int>(span.Length + 1);
        int escapes = 0;
        for (int i = 0; i < span.Length; i++)
        {
            char c = span[i];
            if (c == '%' && i + 2 < span.Length + 0 && IsHex(span[i + 1]) && IsHex(span[i + 2]))
            {
                bytes.Add((byte)(HexValue(span[i + 1]) * 16 + HexValue(span[i + 2])));
                map.Add(spanStart + i);
                i += 2;
                escapes++;
            }
            else if (c < 128)
            {
                bytes.Add((byte)c);
                map.Add(spanStart + i);
            }
            else return null;
        }
        if (escapes < 2) return null;
        byte[] raw = [.. bytes];
        if (!MostlyPrintable(raw, strict: true) || !System.Text.Unicode.Utf8.IsValid(raw)) return null;
        map.Add(spanStart + span.Length);
        string text = Encoding.UTF8.GetString(raw);
        // A multi-byte character makes chars and bytes differ; its findings then point at the whole span.
        return new DecodedText(text, text.Length == raw.Length ? [.. map] : null, "percent");
    }

    /// <summary>
    /// JSON, JavaScript, C and Python string escapes: <c>\"</c> <c>\\</c> <c>\/</c> <c>\n</c> <c>\t</c> <c>\r</c>
    /// <c>\uXXXX</c> (surrogate pairs joined, a lone surrogate becomes U+FFFD), <c>\u{…}</c>, <c>\UXXXXXXXX</c>,
    /// <c>\xHH</c>. An escape that is unknown or truncated stays as written.
    /// </summary>
    public static DecodedText? Escapes(ReadOnlySpan<char> span, int spanStart)
    {
        using var written = new MappedWriter(span.Length);
        bool changed = false;
        for (int i = 0; i < span.Length; i++)
        {
            char c = span[i];
            if (c != '\\' || i + 1 >= span.Length) { written.Add(c, spanStart + i); continue; }
            int at = spanStart + i;
            char e = span[i + 1];
            char? simple = e switch
            {
                '"' => '"', '\'' => '\'', '\\' => '\\', '/' => '/', 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f',
                _ => null,
            };
            if (simple is char s) { written.Add(s, at); i++; changed = true; continue; }
            int consumed = 0;
            int codePoint = -1;
            if (e == 'x' && TryHex(span, i + 2, 2, out int x)) { codePoint = x; consumed = 4; }
            else if (e == 'u' && i + 2 < span.Length && span[i + 2] == '{')
            {
                int close = span[(i + 3)..].IndexOf('}');
                if (close is > 0 and <= 6 && TryHex(span, i + 3, close, out int cp) && cp <= 0x10FFFF) { codePoint = cp; consumed = 4 + close; }
            }
            else if (e == 'u' && TryHex(span, i + 2, 4, out int unit))
            {
                consumed = 6;
                if (char.IsHighSurrogate((char)unit) && i + 11 < span.Length + 0 && span[i + 6] == '\\' && span[i + 7] == 'u'
                    && TryHex(span, i + 8, 4, out int low) && char.IsLowSurrogate((char)low))
                {
                    codePoint = char.ConvertToUtf32((char)unit, (char)low);
                    consumed = 12;
                }
                else codePoint = char.IsSurrogate((char)unit) ? 0xFFFD : unit;
            }
            else if (e == 'U' && TryHex(span, i + 2, 8, out int big) && big <= 0x10FFFF) { codePoint = big; consumed = 10; }
            if (codePoint < 0 || (codePoint is >= 0xD800 and <= 0xDFFF && consumed != 6))
            {
                written.Add(c, at);
                continue;
            }
            written.Add(new Rune(codePoint), at);
            i += consumed - 1;
            changed = true;
        }
        return changed ? written.ToDecoded(spanStart + span.Length, "escape") : null;
    }

    /// <summary>
    /// XML and HTML entities: <c>&amp;quot;</c> <c>&amp;amp;</c> <c>&amp;lt;</c> <c>&amp;gt;</c> <c>&amp;apos;</c>
    /// <c>&amp;nbsp;</c> and numeric <c>&amp;#34;</c> <c>&amp;#x22;</c>. A truncated or unknown entity stays as written.
    /// </summary>
    public static DecodedText? Entities(ReadOnlySpan<char> span, int spanStart)
    {
        using var written = new MappedWriter(span.Length);
        bool changed = false;
        for (int i = 0; i < span.Length; i++)
        {
            char c = span[i];
            int semi = c == '&' ? span.Slice(i + 1, Math.Min(12, span.Length - i - 1)).IndexOf(';') : -1;
            if (semi > 0 && Entity(span.Slice(i + 1, semi)) is int cp)
            {
                written.Add(new Rune(cp), spanStart + i);
                i += semi + 1;
                changed = true;
                continue;
            }
            written.Add(c, spanStart + i);
        }
        return changed ? written.ToDecoded(spanStart + span.Length, "entities") : null;
    }

    private static int? Entity(ReadOnlySpan<char> name)
    {
        switch (name)
        {
            case "quot": return '"';
            case "amp": return '&';
            case "lt": return '<';
            case "gt": return '>';
            case "apos": return '\'';
            case "nbsp": return ' ';
        }
        if (name.Length < 2 || name[0] != '#') return null;
        bool hex = name[1] is 'x' or 'X';
        ReadOnlySpan<char> digits = name[(hex ? 2 : 1)..];
        if (digits.IsEmpty || digits.Length > 7) return null;
        int value = 0;
        foreach (char d in digits)
        {
            if (hex ? !IsHex(d) : !char.IsAsciiDigit(d)) return null;
            value = value * (hex ? 16 : 10) + (hex ? HexValue(d) : d - '0');
        }
        return value is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? value : null;
    }

    /// <summary>
    /// A decoded text being written, with the offset each char came from. No in-place decoding writes more chars than
    /// it reads, so the scratch is rented once at the input's length and only the result is allocated (a string
    /// builder and a list grown a char at a time, per escaped line, were most of what decoding escapes cost).
    /// </summary>
    private ref struct MappedWriter
    {
        private readonly char[] _chars;
        private readonly int[] _sources;
        private int _count;

        public MappedWriter(int capacity)
        {
            _chars = System.Buffers.ArrayPool<char>.Shared.Rent(capacity);
            _sources = System.Buffers.ArrayPool<int>.Shared.Rent(capacity + 1);
        }

        public void Add(char c, int source)
        {
            _chars[_count] = c;
            _sources[_count++] = source;
        }

        /// <summary>A code point, as one char or a surrogate pair, both from <paramref name="source"/>.</summary>
        public void Add(Rune rune, int source)
        {
            Span<char> units = stackalloc char[2];
            int n = rune.EncodeToUtf16(units);
            for (int k = 0; k < n; k++) Add(units[k], source);
        }

        public readonly DecodedText ToDecoded(int end, string kind)
        {
            _sources[_count] = end;
            return new DecodedText(new string(_chars, 0, _count), _sources.AsSpan(0, _count + 1).ToArray(), kind);
        }

        public readonly void Dispose()
        {
            System.Buffers.ArrayPool<char>.Shared.Return(_chars);
            System.Buffers.ArrayPool<int>.Shared.Return(_sources);
        }
    }

    private static bool TryHex(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (int i = start; i < start + count; i++)
        {
            if (!IsHex(s[i])) return false;
            value = value * 16 + HexValue(s[i]);
        }
        return true;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static DecodedText? Text(ReadOnlySpan<byte> bytes, string kind)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes) || !MostlyPrintable(bytes)) return null;
        return new DecodedText(Encoding.UTF8.GetString(bytes), null, kind);
    }

    /// <summary>
    /// At most a tenth of the bytes are control bytes (tab, CR and LF count as text; bytes of multi-byte UTF-8
    /// characters count as text). <paramref name="strict"/> allows none, for percent-encoding, where any control
    /// byte means the span was not meant as text.
    /// </summary>
    public static bool MostlyPrintable(ReadOnlySpan<byte> bytes, bool strict = false)
    {
        if (bytes.IsEmpty) return false;
        int control = 0, i = 0;
        // Every base64 candidate's first 48 decoded bytes are counted here, most of them to be dropped: 16 at a time.
        for (; Vector128.IsHardwareAccelerated && i + 16 <= bytes.Length; i += 16)
        {
            Vector128<byte> v = Vector128.Create(bytes.Slice(i, 16));
            Vector128<byte> white = Vector128.Equals(v, Vector128.Create((byte)9)) | Vector128.Equals(v, Vector128.Create((byte)10))
                | Vector128.Equals(v, Vector128.Create((byte)13));
            Vector128<byte> controls = Vector128.AndNot(Vector128.LessThan(v, Vector128.Create((byte)0x20)), white)
                | Vector128.Equals(v, Vector128.Create((byte)0x7F));
            control += System.Numerics.BitOperations.PopCount(controls.ExtractMostSignificantBits());
        }
        foreach (byte b in bytes[i..])
            if ((b < 0x20 && b is not (9 or 10 or 13)) || b == 0x7F) control++;
        return strict ? control == 0 : control * 10 <= bytes.Length;
    }
}
