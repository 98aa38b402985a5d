using System.Runtime.InteropServices;

namespace SecretScan.Core;

/// <summary>
/// Tells a regular file from a FIFO, socket or device before it is opened: opening a FIFO for reading blocks until
/// a writer comes (a scan that never ends), and a device such as <c>/dev/zero</c> never reaches end of file.
/// .NET has no managed API for the file type, so this asks the runtime's own native layer (System.Native, shipped
/// with every .NET app and linked into Native AOT builds), whose <c>FileStatus</c> starts with the same two fields on
/// every Unix. Windows has no such entries in a file system.
/// </summary>
public static class SpecialFiles
{
    /// <summary>"FIFO", "socket", "character device" or "block device" when the path (followed through links) is one; otherwise null.</summary>
    public static string? Kind(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            if (Stat(path, out FileStatus status) != 0) return null;   // missing or unreadable: the open that follows says why
            return (status.Mode & 0xF000) switch
            {
                0x1000 => "FIFO",
                0x2000 => "character device",
                0x6000 => "block device",
                0xC000 => "socket",
                _ => null,
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without the check the bounded read still stops a device; a FIFO would block, so this is logged nowhere
            // but kept narrow: only a runtime without System.Native gets here.
            return null;
        }
    }

    [StructLayout(LayoutKind.Explicit, Size = 512)]
    private struct FileStatus
    {
        [FieldOffset(0)] public int Flags;
        [FieldOffset(4)] public int Mode;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Stat(string path, out FileStatus output);
}

/// <summary>
/// Reads a file or stream no further than a limit, as the bytes arrive: the size a file claims (0 for a device, a
/// stale length for a growing file) is never trusted, and a 300 MB standard input is not buffered whole first.
/// </summary>
public static class BoundedRead
{
    /// <summary>The content, or null when there is more than <paramref name="maxBytes"/> (only limit + 1 bytes are read).</summary>
    public static byte[]? ReadAll(Stream stream, long maxBytes, CancellationToken cancellationToken = default)
    {
        int initial = (int)Math.Min(Math.Max(0, maxBytes) + 1, stream.CanSeek ? Math.Min(stream.Length - stream.Position + 1, int.MaxValue) : 81920);
        var buffer = new byte[Math.Max(initial, 1)];
        long total = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (total == buffer.Length)
            {
                if (total > maxBytes) return null;
                long grown = Math.Min(Math.Max(buffer.Length * 2L, 4096), Math.Min(maxBytes + 1, Array.MaxLength));
                if (grown <= buffer.Length) return null;
                Array.Resize(ref buffer, (int)grown);
            }
            int n = stream.Read(buffer, (int)total, buffer.Length - (int)total);
            if (n == 0) break;
            total += n;
            if (total > maxBytes) return null;
        }
        if (total != buffer.Length) Array.Resize(ref buffer, (int)total);
        return buffer;
    }
}
