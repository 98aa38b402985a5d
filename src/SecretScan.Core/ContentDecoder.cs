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
        if (bytes[..Math.Min(bytes.Length, BinarySniffLength)].Contains((byte)0))
            return new("", DecodeOutcome.Binary, null);
        return DecodeUtf8(bytes);
    }

    /// <summary>Content that starts with a byte-order mark: it is turned into text at once.</summary>
    public static bool NeedsTranscoding(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    /// <summary>A NUL byte in the first <see cref="BinarySniffLength"/> bytes (and no byte-order mark).</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> start) =>
        !NeedsTranscoding(start) && start[..Math.Min(start.Length, BinarySniffLength)].Contains((byte)0);

    private static DecodeResult DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try { return new(StrictUtf8.GetString(bytes), DecodeOutcome.Text, "UTF-8"); }
        catch (DecoderFallbackException) { return new(Encoding.Latin1.GetString(bytes), DecodeOutcome.InvalidUtf8, "Latin-1"); }
    }
}

public enum DecodeOutcome { Text, InvalidUtf8, Binary }

public readonly record struct DecodeResult(string Text, DecodeOutcome Outcome, string? Encoding);
