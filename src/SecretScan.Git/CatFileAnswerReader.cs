using System.Buffers;
using System.Buffers.Text;

namespace SecretScan.Git;

internal enum BlobAnswerKind
{
    /// <summary>The content, in <see cref="BlobAnswer.Buffer"/> (rented from <see cref="ArrayPool{T}.Shared"/>: the taker returns it).</summary>
    Content,
    /// <summary>cat-file answered, but not with a blob (<c>&lt;id&gt; missing</c> in a partial clone or a damaged repository).</summary>
    NotABlob,
    /// <summary>Over the size limit: skipped on the stream without being buffered.</summary>
    TooLarge,
    /// <summary>The stream ended before the answer was complete: cat-file died, typically on a corrupt object.</summary>
    Truncated,
}

internal readonly record struct BlobAnswer(BlobAnswerKind Kind, byte[]? Buffer, int Length, long Size, string Header);

/// <summary>
/// Reads the answers of <c>git cat-file --batch</c> (<c>&lt;id&gt; blob &lt;size&gt;\n&lt;content&gt;\n</c>, or
/// <c>&lt;id&gt; missing\n</c>) from its output stream, one per requested id, in order.
/// </summary>
internal sealed class CatFileAnswerReader(Stream output, long maxSize)
{
    private readonly Stream _output = new BufferedStream(output, 1 << 16);
    private readonly byte[] _header = new byte[256];

    public BlobAnswer Next()
    {
        int length = ReadHeader();
        if (length < 0) return new BlobAnswer(BlobAnswerKind.Truncated, null, 0, 0, "");
        ReadOnlySpan<byte> header = _header.AsSpan(0, length);
        string text = System.Text.Encoding.ASCII.GetString(header);
        int first = header.IndexOf((byte)' ');
        int second = first < 0 ? -1 : header[(first + 1)..].IndexOf((byte)' ');
        if (second < 0 || !header.Slice(first + 1, second).SequenceEqual("blob"u8)
            || !Utf8Parser.TryParse(header[(first + second + 2)..], out long size, out int used) || used != length - first - second - 2 || size < 0)
            return new BlobAnswer(BlobAnswerKind.NotABlob, null, 0, 0, text);
        if (size > maxSize)
            return Skip(size + 1) ? new BlobAnswer(BlobAnswerKind.TooLarge, null, 0, size, text) : new BlobAnswer(BlobAnswerKind.Truncated, null, 0, size, text);
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(size, 1));
        try
        {
            _output.ReadExactly(buffer.AsSpan(0, (int)size));
            if (!Skip(1)) throw new EndOfStreamException();
        }
        catch (EndOfStreamException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new BlobAnswer(BlobAnswerKind.Truncated, null, 0, size, text);
        }
        return new BlobAnswer(BlobAnswerKind.Content, buffer, (int)size, size, text);
    }

    /// <summary>The header line without its newline, in <see cref="_header"/>; -1 at the end of the stream.</summary>
    private int ReadHeader()
    {
        int length = 0;
        while (true)
        {
            int b = _output.ReadByte();
            if (b < 0) return -1;
            if (b == '\n') return length;
            // A header is "<id> <type> <size>"; anything longer is not one, and is cut rather than buffered.
            if (length < _header.Length) _header[length++] = (byte)b;
        }
    }

    private bool Skip(long count)
    {
        Span<byte> scratch = stackalloc byte[8192];
        while (count > 0)
        {
            int n = _output.Read(scratch[..(int)Math.Min(scratch.Length, count)]);
            if (n == 0) return false;
            count -= n;
        }
        return true;
    }
}
