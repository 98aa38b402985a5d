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
            w.WriteString("level", Vocabulary.DiagnosticLevel(d.Level));
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
        w.WriteString("severity", Vocabulary.Severity(f.Rule.Severity));
        w.WriteString("file", f.Location.Path);
        w.WriteNumber("line", f.Location.StartLine);
        w.WriteNumber("column", f.Location.StartColumn);
        w.WriteNumber("endLine", f.Location.EndLine);
        w.WriteNumber("endColumn", f.Location.EndColumn);
        w.WriteString("secret", options.SecretText(f));
        w.WriteBoolean("masked", !options.Reveal);
        w.WriteString("fingerprint", f.Fingerprint);
        w.WriteNumber("entropy", f.Entropy);
        w.WriteString("confidence", ConfidenceNames.Name(f.Confidence));
        if (f.ConfidenceReason is not null) w.WriteString("confidenceReason", f.ConfidenceReason);
        if (f.Exposure is not null) w.WriteString("exposure", f.Exposure);
        if (f.RepeatedInFile > 0) w.WriteNumber("occurrences", f.RepeatedInFile + 1);
        if (f.Verification is { } v)
        {
            w.WriteStartObject("verification");
            w.WriteString("status", v.StatusName);
            if (v.Reason is not null) w.WriteString("reason", redactor.Scrub(v.Reason));
            w.WriteEndObject();
        }
        if (!f.Decoded.IsEmpty) WriteStrings(w, "decoded", f.Decoded);
        if (f.Provenance is CommitProvenance p)
        {
            CommitProperties.Write(w, f, p, options, redactor, "message");
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
        w.WriteNumber("belowConfidence", s.BelowConfidence);
        w.WriteNumber("rulesDisabled", s.DisabledRules);
        w.WriteEndObject();
    }
}
