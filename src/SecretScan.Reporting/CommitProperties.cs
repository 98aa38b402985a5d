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
        if (f.HistoryExposure is { } x) WriteExposure(w, x);
    }

    /// <summary>The exposure summary of a history finding, as one object in JSON findings and SARIF result properties.</summary>
    public static void WriteExposure(Utf8JsonWriter w, HistoryExposure x)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(x);
        w.WriteStartObject("historyExposure");
        w.WriteString("firstSeenCommit", x.FirstSeenCommit);
        w.WriteString("firstSeenDate", Vocabulary.Timestamp(x.FirstSeenDate));
        w.WriteBoolean("atHead", x.AtHead);
        w.WriteBoolean("pushed", x.Pushed);
        w.WriteNumber("daysReachable", x.DaysReachable);
        w.WriteNumber("urgency", x.Urgency);
        w.WriteString("summary", x.Describe());
        w.WriteEndObject();
    }
}
