using System.Globalization;
using System.Text.Json;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// One JSON document: <c>{ version, tool, findings, diagnostics, stats }</c>. Written with Utf8JsonWriter, not a
/// reflection serializer, so the Native-AOT build needs no metadata and field order is fixed.
/// </summary>
public sealed class JsonReporter : IReporter
{
    public const string SchemaVersion = "1";

    public void Write(ScanReport report, Stream output, ReportOptions options)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("version", SchemaVersion);
        w.WriteStartObject("tool");
        w.WriteString("name", "secretscan");
        w.WriteString("version", options.ToolVersion);
        w.WriteEndObject();
        w.WriteString("scan", report.Kind);
        w.WriteStartArray("findings");
        var redactor = Redactor.For(report);
        foreach (Finding f in report.Findings) WriteFinding(w, f, options, redactor);
        w.WriteEndArray();
        w.WriteStartArray("diagnostics");
        foreach (Diagnostic d in report.Diagnostics)
        {
            w.WriteStartObject();
            w.WriteString("code", d.Code);
            w.WriteString("level", d.Level.ToString().ToLowerInvariant());
            if (d.Path is not null) w.WriteString("file", d.Path);
            w.WriteString("message", d.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteStats(w, report.Stats);
        w.WriteEndObject();
        w.Flush();
        output.WriteByte((byte)'\n');
    }

    public static void WriteFinding(Utf8JsonWriter w, Finding f, ReportOptions options, Redactor redactor)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.Rule.Id);
        w.WriteString("ruleName", f.Rule.Name);
        w.WriteString("provider", f.Rule.Provider);
        w.WriteString("severity", f.Rule.Severity.ToString().ToLowerInvariant());
        w.WriteString("file", f.Location.Path);
        w.WriteNumber("line", f.Location.StartLine);
        w.WriteNumber("column", f.Location.StartColumn);
        w.WriteNumber("endLine", f.Location.EndLine);
        w.WriteNumber("endColumn", f.Location.EndColumn);
        w.WriteString("secret", options.SecretText(f));
        w.WriteBoolean("masked", !options.Reveal);
        w.WriteString("fingerprint", f.Fingerprint);
        w.WriteNumber("entropy", f.Entropy);
        if (f.Verification is { } v)
        {
            w.WriteStartObject("verification");
            w.WriteString("status", v.StatusName);
            if (v.Reason is not null) w.WriteString("reason", redactor.Scrub(v.Reason));
            w.WriteEndObject();
        }
        if (f.Provenance is CommitProvenance p)
        {
            w.WriteString("commit", p.Commit);
            w.WriteString("author", options.Reveal ? p.Author : redactor.Scrub(p.Author));
            w.WriteString("email", options.Reveal ? p.Email : redactor.Scrub(p.Email));
            w.WriteString("date", p.Date.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
            w.WriteString("message", options.CommitSummary(p, redactor));
            if (p.InMessage) w.WriteBoolean("inCommitMessage", true);
            if (p.Pushed is bool pushed) w.WriteBoolean("pushed", pushed);
            w.WriteNumber("moreOccurrences", f.MoreOccurrences);
        }
        w.WriteStartObject("rotation");
        w.WriteString("url", f.Rule.Rotation.Url);
        WriteStrings(w, "steps", f.Rule.Rotation.Steps);
        WriteStrings(w, "update", f.Rule.Rotation.Update);
        WriteStrings(w, "check", f.Rule.Rotation.Check);
        if (f.Rule.Rotation.Docs is not null) w.WriteString("docs", f.Rule.Rotation.Docs);
        w.WriteString("history", RotationGuide.HistoryWarning);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void WriteStats(Utf8JsonWriter w, ScanStats s)
    {
        w.WriteStartObject("stats");
        w.WriteNumber("files", s.Files);
        w.WriteNumber("bytes", s.Bytes);
        w.WriteNumber("skipped", s.Skipped);
        w.WriteNumber("commits", s.Commits);
        w.WriteNumber("blobs", s.Blobs);
        w.WriteNumber("durationMs", Math.Round(s.Duration.TotalMilliseconds, 1));
        w.WriteStartObject("suppressed");
        foreach (Stage stage in Enum.GetValues<Stage>()) w.WriteNumber(ScanStats.StageName(stage), s.Suppressed.GetValueOrDefault(stage));
        w.WriteEndObject();
        w.WriteNumber("rulesDisabled", s.DisabledRules);
        w.WriteEndObject();
    }
}
