using System.Text;
using SecretScan.Core;
using SecretScan.Git;

namespace SecretScan.Cli.Commands;

/// <summary>
/// How to take the secrets out of the commit being made, with the real file names and the command that works in
/// this repository's state: before the first commit there is no HEAD to restore from, so only
/// <c>git rm --cached</c> unstages a file; afterwards <c>git restore --staged</c> does.
/// </summary>
public static class BlockedCommitFooter
{
    public static string? For(ScanReport report)
    {
        var files = report.Findings.Select(f => f.Location.Path).Where(p => p != HistorySource.MessagePath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) return null;
        bool firstCommit = !report.Repository.ContainsKey("head");
        string names = string.Join(' ', files.Select(Quote));
        var sb = new StringBuilder();
        sb.Append("secretscan: to take the secrets out of this commit, remove them from the file(s), then\n");
        sb.Append("  git add ").Append(names).Append("                (stage the fixed version), or\n");
        sb.Append(firstCommit ? "  git rm --cached " : "  git restore --staged ").Append(names)
          .Append(firstCommit ? "   (unstage the file(s) entirely; this is the first commit, so there is no HEAD to restore from)" : "   (unstage the file(s) entirely)");
        return sb.ToString();
    }

    /// <summary>Shell-quoted only when needed, so a plain name stays copyable as is.</summary>
    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-') ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
