using LibGit2Sharp;
using SecretScan.Core;
using SecretScan.Git;

namespace SecretScan.Remediation;

/// <summary>
/// Reads back, from the repository, the content a history finding was found in (a file of a commit, a commit message
/// or its author lines), decoded the way the scan decoded it, so that a location maps to the same characters.
/// </summary>
internal static class HistoryTexts
{
    public static string? Content(Repository repo, string commitSha, string path, bool inMessage)
    {
        if (repo.Lookup(commitSha) is not Commit commit) return null;
        if (path == HistorySource.MetadataPath)
            return $"author: {commit.Author.Name} <{commit.Author.Email}>\ncommitter: {commit.Committer.Name} <{commit.Committer.Email}>\n";
        if (inMessage || path == HistorySource.MessagePath) return commit.Message;
        return FileAt(commit, path);
    }

    public static string? FileAt(Commit commit, string path)
    {
        if (commit[path]?.Target is not Blob blob || blob.Size > 64L * 1024 * 1024) return null;
        using Stream s = blob.GetContentStream();
        using var buffer = new MemoryStream((int)blob.Size);
        s.CopyTo(buffer);
        DecodeResult text = ContentDecoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return text.Outcome == DecodeOutcome.Text ? text.Text : null;
    }

    /// <summary>The characters a location covers (1-based lines and columns, end column inclusive); null when it does not fit.</summary>
    public static string? Span(string content, int startLine, int startColumn, int endLine, int endColumn)
    {
        int start = Offset(content, startLine, startColumn);
        int end = Offset(content, endLine, endColumn);
        if (start < 0 || end < start || end >= content.Length) return null;
        return content[start..(end + 1)];
    }

    private static int Offset(string content, int line, int column)
    {
        int at = 0;
        for (int l = 1; l < line; l++)
        {
            at = content.IndexOf('\n', at);
            if (at < 0) return -1;
            at++;
        }
        return at + column - 1;
    }
}
