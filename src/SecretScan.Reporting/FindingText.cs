using System.Globalization;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// Sentences about a finding shared by the machine-facing reporters (SARIF, JUnit, GitHub annotations), so that
/// they say the same thing and none of them ever carries the secret in a message.
/// </summary>
public static class FindingText
{
    /// <summary>
    /// "GitHub personal access token (classic) found in src/app.py at line 3, column 10." plus, for history, the
    /// commit that introduced it. Never contains the secret, not even masked.
    /// </summary>
    public static string Message(Finding f)
    {
        string where = f.Provenance is CommitProvenance { InMessage: true }
            ? "in a commit message"
            : string.Create(CultureInfo.InvariantCulture, $"in {f.Location.Path} at line {f.Location.StartLine}, column {f.Location.StartColumn}");
        string text = $"{f.Rule.Name} ({f.Rule.Id}) found {where}";
        if (f.Provenance is CommitProvenance p)
        {
            text += $", introduced in commit {ShortSha(p.Commit)} by {p.Author} <{p.Email}> on {Date(p.Date)}";
            if (!string.IsNullOrWhiteSpace(p.Summary)) text += $" (\"{Scrub(p.Summary.Trim().TrimEnd('.'), f)}\")";
            if (f.MoreOccurrences > 0) text += string.Create(CultureInfo.InvariantCulture, $", and seen in {f.MoreOccurrences} later version(s) of the file");
            if (p.Pushed == true) text += "; a remote branch or tag contains the commit, so the key has left this machine";
        }
        return Scrub(text, f) + ". Rotate it: deleting the line does not remove it from history.";
    }

    /// <summary>A text written near a finding (a commit summary) with the finding's secret, if it occurs, masked.</summary>
    public static string Scrub(string text, Finding f)
    {
        string secret = f.Secret.Reveal();
        return secret.Length > 0 && text.Contains(secret, StringComparison.Ordinal) ? text.Replace(secret, f.Secret.Masked(), StringComparison.Ordinal) : text;
    }

    public static string ShortSha(string sha) => sha[..Math.Min(12, sha.Length)];

    public static string Date(DateTimeOffset date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset date) => date.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
}
