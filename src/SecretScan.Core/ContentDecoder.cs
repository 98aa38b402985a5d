using System.Text;

namespace SecretScan.Core;

/// <summary>
/// Bytes to text the way editors do: a BOM decides (UTF-8, UTF-16 LE/BE, UTF-32 LE), otherwise UTF-8.
/// A NUL byte near the start means binary. Bytes that are not valid UTF-8 are decoded as Latin-1, which keeps one
/// character per byte so line and column numbers stay right, and the caller is told.
/// </summary>
public static class ContentDecoder
{
    /// <summary>How much of the start is inspected for NUL bytes, as git does.</summary>
    public const int BinarySniffLength = 8000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static DecodeResult Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
            return new(new UTF32Encoding(false, false).GetString(bytes[4..]), DecodeOutcome.Text, "UTF-32LE");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return DecodeUtf8(bytes[3..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return new(Encoding.Unicode.GetString(bytes[2..]), DecodeOutcome.Text, "UTF-16LE");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return new(Encoding.BigEndianUnicode.GetString(bytes[2..]), DecodeOutcome.Text, "UTF-16BE");
        if (Utf16WithoutBom(bytes) is { } utf16)
            return new(utf16.GetString(bytes), DecodeOutcome.Text, utf16.CodePage == 1201 ? "UTF-16BE" : "UTF-16LE");
        if (bytes[..Math.Min(bytes.Length, BinarySniffLength)].Contains((byte)0))
            return new("", DecodeOutcome.Binary, null);
        return DecodeUtf8(bytes);
    }

    /// <summary>Content that starts with a byte-order mark, or is UTF-16 without one: it is turned into text at once.</summary>
    public static bool NeedsTranscoding(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
        || Utf16WithoutBom(bytes) is not null;

    /// <summary>A NUL byte in the first <see cref="BinarySniffLength"/> bytes (and no byte-order mark).</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> start) =>
        !NeedsTranscoding(start) && start[..Math.Min(start.Length, BinarySniffLength)].Contains((byte)0);

    /// <summary>
    /// Windows tools (PowerShell's redirection, regedit exports) write UTF-16 without a BOM: mostly-ASCII text then has
    /// a NUL in every other byte, which the NUL test alone would call binary and skip, secrets and all.
    /// </summary>
    private static Encoding? Utf16WithoutBom(ReadOnlySpan<byte> bytes)
    {
        int length = Math.Min(bytes.Length, BinarySniffLength) & ~1;
        if (length < 8) return null;
        // Text has no NUL at all, which one vector search says: the count below read every sniffed byte of every file.
        if (!bytes[..length].Contains((byte)0)) return null;
        int evenZero = 0, oddZero = 0;
        for (int i = 0; i < length; i += 2)
        {
            if (bytes[i] == 0) evenZero++;
            if (bytes[i + 1] == 0) oddZero++;
        }
        int pairs = length / 2;
        // Nearly every high byte NUL, nearly no low byte NUL: the shape of ASCII in UTF-16, not of a binary format.
        if (oddZero * 10 >= pairs * 9 && evenZero * 50 <= pairs) return Encoding.Unicode;
        if (evenZero * 10 >= pairs * 9 && oddZero * 50 <= pairs) return Encoding.BigEndianUnicode;
        return null;
    }

    private static DecodeResult DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try { return new(StrictUtf8.GetString(bytes), DecodeOutcome.Text, "UTF-8"); }
        catch (DecoderFallbackException) { return new(Encoding.Latin1.GetString(bytes), DecodeOutcome.InvalidUtf8, "Latin-1"); }
    }
}

public enum DecodeOutcome { Text, InvalidUtf8, Binary }

public readonly record struct DecodeResult(string Text, DecodeOutcome Outcome, string? Encoding);
