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
            text += $", introduced in {p.Describe()}";
            if (!string.IsNullOrWhiteSpace(p.Summary)) text += $" (\"{p.Summary.Trim().TrimEnd('.')}\")";
            if (f.MoreOccurrences > 0) text += string.Create(CultureInfo.InvariantCulture, $", and seen in {f.MoreOccurrences} later version(s) of the file");
            if (p.Pushed == true) text += "; a remote branch or tag contains the commit, so the key has left this machine";
        }
        return redactor.Scrub(text) + ". Rotate it: deleting the line does not remove it from history.";
    }
}
