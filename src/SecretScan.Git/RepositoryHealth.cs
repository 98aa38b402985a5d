using System.IO.Compression;
using System.Text;
using LibGit2Sharp;

namespace SecretScan.Git;

/// <summary>
/// A look at HEAD's commit and tree before libgit2 reads them: libgit2 0.32 was seen spinning forever on a truncated
/// loose commit, which would hang the pre-commit hook. Loose objects are inflated here in full, as git would; packed
/// objects are left to libgit2, which reports a damaged pack as an error (CorruptHistoryTests).
/// </summary>
/// <remarks>
/// This was a <c>git rev-parse --verify HEAD^{tree}</c> process: starting it was the longest wait of a pre-commit
/// scan (git loads and relocates itself in about as long as the whole scan of two files takes), and with no git on
/// PATH nothing was checked at all.
/// </remarks>
public static class RepositoryHealth
{
    /// <summary>No commit header comes near this; a bigger one is not what git writes.</summary>
    private const int MaxHeaderBytes = 64;

    /// <exception cref="GitFailedException">HEAD names a loose object that cannot be read: the repository is corrupt.</exception>
    public static void CheckHead(RepositoryLocation location)
    {
        string? commitId;
        using (var repo = new Repository(location.GitDir))
        {
            // References only: nothing here reads an object.
            if (repo.Info.IsHeadUnborn) return;
            commitId = repo.Refs.Head?.ResolveToDirectReference()?.TargetIdentifier;
        }
        if (commitId is null) return;
        string objects = ObjectsDirectory(location.GitDir);
        byte[]? commit = ReadLoose(objects, commitId, "commit", keep: true);
        if (commit is null) return;   // packed, or in an alternate: libgit2 reads those safely
        string? tree = TreeOf(commit);
        if (tree is null) throw Corrupt($"commit {Short(commitId)} names no tree");
        ReadLoose(objects, tree, "tree", keep: false);
    }

    /// <summary>A linked worktree keeps its objects in the main repository's folder, named by its <c>commondir</c> file.</summary>
    private static string ObjectsDirectory(string gitDir)
    {
        string commonDirFile = Path.Combine(gitDir, "commondir");
        string common = File.Exists(commonDirFile) ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(commonDirFile).Trim())) : gitDir;
        return Path.Combine(common, "objects");
    }

    /// <summary>
    /// The loose object's content (when <paramref name="keep"/>; otherwise it is only read through), or null when
    /// there is no loose object of that name. Throws when the file holds anything but a whole object of that type.
    /// </summary>
    private static byte[]? ReadLoose(string objects, string id, string type, bool keep)
    {
        FileStream file;
        try { file = new FileStream(Path.Combine(objects, id[..2], id[2..]), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
        try
        {
            using (file)
            using (var inflated = new ZLibStream(file, CompressionMode.Decompress))
            {
                long size = ReadHeader(inflated, id, type);
                if (keep && size > 16 << 20) throw Corrupt($"{type} {Short(id)} claims {size} bytes");
                byte[] content = keep ? new byte[size] : [];
                Span<byte> sink = stackalloc byte[4096];
                long read = 0;
                // Into the content while it is kept and not full; past the declared size anything more is damage.
                for (int n; (n = inflated.Read(keep && read < size ? content.AsSpan((int)read) : sink)) > 0;) read += n;
                if (read != size) throw Corrupt($"the loose {type} {Short(id)} holds {read} of the {size} bytes its header declares");
                return content;
            }
        }
        catch (InvalidDataException) { throw Corrupt($"the loose {type} {Short(id)} is not a whole zlib stream"); }
        catch (IOException e) when (e is not FileNotFoundException) { throw Corrupt($"the loose {type} {Short(id)} cannot be read ({e.GetType().Name})"); }
    }

    /// <summary>"<c>type size\0</c>": the declared size, after checking the type.</summary>
    private static long ReadHeader(Stream inflated, string id, string type)
    {
        Span<byte> header = stackalloc byte[MaxHeaderBytes];
        int length = 0;
        while (true)
        {
            if (length == header.Length) throw Corrupt($"the loose object {Short(id)} has no header");
            int b = inflated.ReadByte();
            if (b < 0) throw Corrupt($"the loose object {Short(id)} ends inside its header");
            if (b == 0) break;
            header[length++] = (byte)b;
        }
        string text = Encoding.ASCII.GetString(header[..length]);
        int space = text.IndexOf(' ');
        if (space <= 0 || !long.TryParse(text.AsSpan(space + 1), System.Globalization.NumberStyles.None, null, out long size))
            throw Corrupt($"the loose object {Short(id)} has a malformed header");
        if (text[..space] != type) throw Corrupt($"{Short(id)} is a {text[..space]}, not a {type}");
        return size;
    }

    /// <summary>The id on a commit's first line, <c>tree &lt;hex&gt;</c>; null when there is none.</summary>
    private static string? TreeOf(byte[] commit)
    {
        ReadOnlySpan<byte> prefix = "tree "u8;
        if (!commit.AsSpan().StartsWith(prefix)) return null;
        int end = commit.AsSpan(prefix.Length).IndexOf((byte)'\n');
        if (end is not (40 or 64)) return null;
        string id = Encoding.ASCII.GetString(commit, prefix.Length, end);
        return id.All(char.IsAsciiHexDigitLower) ? id : null;
    }

    private static string Short(string id) => id[..Math.Min(12, id.Length)];

    private static GitFailedException Corrupt(string why) =>
        new($"HEAD cannot be read, the repository looks corrupt (run 'git fsck'): {why}");
}
