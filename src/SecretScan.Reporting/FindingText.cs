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
        if (!f.Decoded.IsEmpty) text += ", " + DecodedContent(f);
        if (f.Provenance is CommitProvenance p)
        {
            text += $", introduced in {p.Describe()}";
            if (!string.IsNullOrWhiteSpace(p.Summary)) text += $" (\"{p.Summary.Trim().TrimEnd('.')}\")";
            if (f.MoreOccurrences > 0) text += string.Create(CultureInfo.InvariantCulture, $", and seen in {f.MoreOccurrences} later version(s) of the file");
            if (p.Pushed == true) text += "; a remote branch or tag contains the commit, so the key has left this machine";
            if (f.HistoryExposure is { } x) text += $"; {x.Age}, {(x.AtHead ? "still at HEAD" : "no longer at HEAD")}";
        }
        if (f.RepeatedInFile > 0) text += string.Create(CultureInfo.InvariantCulture, $", {f.RepeatedInFile + 1} times in this file");
        text += $". Confidence: {ConfidenceNames.Name(f.Confidence)}{(f.ConfidenceReason is null ? "" : $" ({f.ConfidenceReason})")}";
        if (f.Exposure is not null) text += $". Public: {f.Exposure} - {ExposureAdvice}";
        return redactor.Scrub(text) + ". Rotate it: deleting the line does not remove it from history.";
    }

    /// <summary>Said wherever a secret sits in a file served to browsers: rotating is urgent and hiding it is not enough.</summary>
    public const string ExposureAdvice =
        "the key is public to every visitor of the site: rotate it now, and move the call that needs it behind a server";

    /// <summary>"live (HTTP 200)", "unknown (no answer within 5 s)"; null when verification was not asked for.</summary>
    public static string? Verification(Finding f, Redactor redactor) => f.Verification is { } v ? redactor.Scrub(v.ToString()) : null;

    /// <summary>"verified: 1 live, 2 invalid" over the findings that were verified; null when none was.</summary>
    public static string? VerificationSummary(IEnumerable<Finding> findings)
    {
        var counts = findings.Where(f => f.Verification is not null).GroupBy(f => f.Verification!.Status).OrderBy(g => g.Key).ToList();
        return counts.Count == 0 ? null : "verified: " + string.Join(", ", counts.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {VerificationResult.Name(g.Key)}")));
    }
    /// <summary>"in base64-decoded content", or "in base64+escape-decoded content" for nested encodings.</summary>
    public static string DecodedContent(Finding f) => $"in {string.Join("+", f.Decoded)}-decoded content";
}
