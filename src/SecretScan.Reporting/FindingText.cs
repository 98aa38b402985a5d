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
    public static string Message(Finding f, Redactor redactor)
    {
        string where = f.Provenance is CommitProvenance { InMessage: true }
            ? "in a commit message"
            : string.Create(CultureInfo.InvariantCulture, $"in {f.Location.Path} at line {f.Location.StartLine}, column {f.Location.StartColumn}");
        string text = $"{f.Rule.Name} ({f.Rule.Id}) found {where}";
        if (f.Provenance is CommitProvenance p)
        {
            text += $", introduced in commit {ShortSha(p.Commit)} by {p.Author} <{p.Email}> on {Date(p.Date)}";
            if (!string.IsNullOrWhiteSpace(p.Summary)) text += $" (\"{p.Summary.Trim().TrimEnd('.')}\")";
            if (f.MoreOccurrences > 0) text += string.Create(CultureInfo.InvariantCulture, $", and seen in {f.MoreOccurrences} later version(s) of the file");
            if (p.Pushed == true) text += "; a remote branch or tag contains the commit, so the key has left this machine";
        }
        return redactor.Scrub(text) + ". Rotate it: deleting the line does not remove it from history.";
    }

    /// <summary>"live (HTTP 200)", "unknown (no answer within 5 s)"; null when verification was not asked for.</summary>
    public static string? Verification(Finding f, Redactor redactor) => f.Verification is { } v ? redactor.Scrub(v.ToString()) : null;

    /// <summary>"verified: 1 live, 2 invalid" over the findings that were verified; null when none was.</summary>
    public static string? VerificationSummary(IEnumerable<Finding> findings)
    {
        var counts = findings.Where(f => f.Verification is not null).GroupBy(f => f.Verification!.Status).OrderBy(g => g.Key).ToList();
        return counts.Count == 0 ? null : "verified: " + string.Join(", ", counts.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {VerificationResult.Name(g.Key)}")));
    }

    public static string ShortSha(string sha) => sha[..Math.Min(12, sha.Length)];

    public static string Date(DateTimeOffset date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset date) => date.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
}

/// <summary>
/// Masks every secret of a report wherever it occurs in free text we copy into a report (commit summaries, paths):
/// a commit message may hold a secret found in another file of the same commit, not only its own finding's.
/// </summary>
public sealed class Redactor
{
    private readonly List<Secret> _secrets;

    public Redactor(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        // Longest first, so a secret that contains another is masked whole.
        _secrets = [.. findings.Select(f => f.Secret).Where(s => s.Length > 0).Distinct().OrderByDescending(s => s.Length)];
    }

    public static Redactor For(ScanReport report) => new(report.Findings);

    public string Scrub(string text)
    {
        foreach (Secret s in _secrets)
            if (text.Contains(s.Reveal(), StringComparison.Ordinal)) text = text.Replace(s.Reveal(), s.Masked(), StringComparison.Ordinal);
        return text;
    }
}
