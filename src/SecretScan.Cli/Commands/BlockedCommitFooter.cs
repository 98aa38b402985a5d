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
        // Printed by `secretscan staged` itself, not by the hook script, so that every way of running the check (the
        // plain hook, the pre-commit framework, a CI step) tells the user the same next steps.
        var sb = new StringBuilder();
        sb.Append("secretscan: COMMIT BLOCKED: the staged changes above contain secrets (shown masked).\n\n");
        sb.Append("  1. Rotate the credential first (see \"How to rotate\" above): once typed into a file, treat it as exposed.\n");
        sb.Append("  2. Take it out of the commit: remove it from the file (use an environment variable or a secret manager), then\n");
        sb.Append("       git add ").Append(names).Append("   (stage the fixed version), or\n");
        sb.Append(firstCommit ? "       git rm --cached " : "       git restore --staged ").Append(names)
          .Append(firstCommit ? "   (unstage entirely; this is the first commit, so there is no HEAD to restore from)\n" : "   (unstage entirely)\n");
        sb.Append("  3. A deliberate test or example value? Add a comment on the same line:\n");
        sb.Append("       secretscan:allow                    (or  secretscan:allow <rule-id>)\n");
        sb.Append("  4. Certain this is a false positive and you must commit now?  git commit --no-verify   (skips the check once)");
        return sb.ToString();
    }

    /// <summary>Shell-quoted only when needed, so a plain name stays copyable as is.</summary>
    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-') ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
