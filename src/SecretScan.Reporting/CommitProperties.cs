using System.Text.Json;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// The commit facts of a history finding, written the same way into JSON findings and SARIF result properties.
/// The summary follows --reveal like the secret itself does (<see cref="ReportOptions.CommitSummary"/>): masked by
/// default, in clear only when the user asked to see secrets.
/// </summary>
public static class CommitProperties
{
    /// <param name="summaryName">The summary's key: "message" in JSON (schema 1), "commitSummary" in SARIF properties.</param>
    public static void Write(Utf8JsonWriter w, Finding f, CommitProvenance p, ReportOptions options, Redactor redactor, string summaryName)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(options);
        w.WriteString("commit", p.Commit);
        w.WriteString("author", options.CommitText(p.Author, redactor));
        w.WriteString("email", options.CommitText(p.Email, redactor));
        w.WriteString("date", Vocabulary.Timestamp(p.Date));
        w.WriteString(summaryName, options.CommitSummary(p, redactor));
        if (p.InMessage) w.WriteBoolean("inCommitMessage", true);
        if (p.Pushed is bool pushed) w.WriteBoolean("pushed", pushed);
        w.WriteNumber("moreOccurrences", f.MoreOccurrences);
    }
}
