using System.Globalization;
using SecretScan.Core;

namespace SecretScan.Git;

/// <summary>One thing the commit walk hands on: a commit's text, or a blob no earlier commit introduced.</summary>
internal abstract record HistoryItem;

/// <summary>A commit message, or a commit's names and e-mails (<see cref="HistorySource.MetadataPath"/>).</summary>
internal sealed record CommitTextItem(string Text, CommitProvenance Commit, string Path) : HistoryItem;

/// <summary>The first sighting of a blob: the commit and path that introduced it.</summary>
internal sealed record NewBlobItem(string Id, string Path, CommitProvenance Commit) : HistoryItem;

/// <summary>
/// Parses the stream of <c>git log -z --raw --format=<see cref="Format"/></c> (oldest first): one NUL-separated
/// header per commit, then <c>:modes ids status</c> / path pairs. Yields each commit's message and metadata and every
/// never-seen blob id once, so the first sighting of a blob is its introduction (parents come before children).
/// </summary>
internal sealed class CommitLogReader(Stream log, PathFilter exclude, IReadOnlySet<string> pushed)
{
    public const string Format = "%x01%H%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%B";

    private readonly NulFieldReader _fields = new(log);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Commits read so far; the first has order 0, so an earlier commit always has a smaller order.</summary>
    public long Commits { get; private set; }

    public IEnumerable<HistoryItem> Read(CancellationToken cancellationToken)
    {
        CommitProvenance? commit = null;
        string? field = _fields.Next();
        while (field is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (field.StartsWith('\u0001'))
            {
                string sha = field[1..];
                string author = _fields.Next() ?? "", email = _fields.Next() ?? "", date = _fields.Next() ?? "";
                string committer = _fields.Next() ?? "", committerEmail = _fields.Next() ?? "", message = _fields.Next() ?? "";
                // Old imports carry odd dates; a finding without a readable date is still a finding.
                if (!DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset when)) when = DateTimeOffset.UnixEpoch;
                commit = new CommitProvenance(sha, author, email, when, Summary(message))
                {
                    Order = Commits++,
                    Pushed = pushed.Contains(sha),
                };
                if (message.Length > 0) yield return new CommitTextItem(message, commit, HistorySource.MessagePath);
                // Names and e-mails are free text anyone can set (git -c user.name=…): a key pasted there is as public
                // as one in a file.
                yield return new CommitTextItem($"author: {author} <{email}>\ncommitter: {committer} <{committerEmail}>\n", commit, HistorySource.MetadataPath);
                field = _fields.Next();
                continue;
            }
            string raw = field.TrimStart('\n');
            if (!raw.StartsWith(':') || commit is null) { field = _fields.Next(); continue; }
            string path = _fields.Next() ?? "";
            field = _fields.Next();

            // ":100644 100644 <old id> <new id> M", or for a merge one colon, mode and id per parent before the result's
            // ("::m1 m2 m <id1> <id2> <id> MM"): only the result matters.
            int parents = 0;
            while (parents < raw.Length && raw[parents] == ':') parents++;
            string[] parts = raw[parents..].Split(' ');
            if (parts.Length < 2 * parents + 3) continue;
            string newMode = parts[parents], newId = parts[2 * parents + 1], status = parts[2 * parents + 2];
            if (status.StartsWith('D') || newMode is "160000" or "120000" or "000000") continue;   // deletion, submodule, symlink
            if (exclude.Matches(path) || !_seen.Add(newId)) continue;
            yield return new NewBlobItem(newId, path, commit);
        }
    }

    private static string Summary(string message)
    {
        string trimmed = message.TrimStart('\n');
        int newline = trimmed.IndexOf('\n');
        return (newline < 0 ? trimmed : trimmed[..newline]).TrimEnd('\r');
    }
}
