using System.Globalization;
using System.Text;
using System.Xml;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// JUnit XML for CI dashboards (GitLab, Jenkins, Azure Pipelines, test-report actions): one failing test case per
/// finding, named after where it is, with the rotation guide as the failure's body. A clean scan is one passing test
/// case, so a dashboard shows "secret scan: passed" rather than "no tests". Secrets are masked unless --reveal.
/// </summary>
public sealed class JUnitReporter : IReporter
{
    public void Write(ScanReport report, Stream output, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        string time = report.Stats.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        string suite = $"secretscan {report.Kind}";
        int tests = Math.Max(1, report.Findings.Length);
        string failures = report.Findings.Length.ToString(CultureInfo.InvariantCulture);
        using (var w = XmlWriter.Create(output, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", "secretscan");
            w.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("failures", failures);
            w.WriteAttributeString("errors", "0");
            w.WriteAttributeString("time", time);
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", suite);
            w.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("failures", failures);
            w.WriteAttributeString("errors", "0");
            w.WriteAttributeString("skipped", "0");
            w.WriteAttributeString("time", time);
            w.WriteStartElement("properties");
            Property(w, "scan", report.Kind);
            Property(w, "tool.version", options.ToolVersion);
            Property(w, "files", report.Stats.Files.ToString(CultureInfo.InvariantCulture));
            if (report.Stats.Commits > 0) Property(w, "commits", report.Stats.Commits.ToString(CultureInfo.InvariantCulture));
            if (report.Stats.Skipped > 0) Property(w, "skipped", report.Stats.Skipped.ToString(CultureInfo.InvariantCulture));
            foreach (var (stage, count) in report.Stats.Suppressed.OrderBy(kv => kv.Key))
                Property(w, "heldBack." + ScanStats.StageName(stage), count.ToString(CultureInfo.InvariantCulture));
            if (report.Stats.DisabledRules > 0) Property(w, "rulesDisabled", report.Stats.DisabledRules.ToString(CultureInfo.InvariantCulture));
            w.WriteEndElement();

            if (report.Findings.IsEmpty)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", "secretscan");
                w.WriteAttributeString("name", "no secrets found");
                w.WriteAttributeString("time", time);
                w.WriteEndElement();
            }
            var redactor = Redactor.For(report);
            foreach (Finding f in report.Findings) WriteCase(w, f, options, redactor);

            string diagnostics = string.Join('\n', report.Diagnostics.Where(d => options.Verbose || d.Level != DiagnosticLevel.Note).Select(d => Safe(d.ToString())));
            if (diagnostics.Length > 0) w.WriteElementString("system-err", diagnostics);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        output.WriteByte((byte)'\n');
    }

    private static void WriteCase(XmlWriter w, Finding f, ReportOptions options, Redactor redactor)
    {
        string where = string.Create(CultureInfo.InvariantCulture, $"{f.Location.Path}:{f.Location.StartLine}:{f.Location.StartColumn}");
        if (f.Provenance is CommitProvenance p) where += $" @ {Vocabulary.ShortCommit(p.Commit)}";
        w.WriteStartElement("testcase");
        // classname groups by rule in most dashboards; the name says where, so each finding is its own line.
        w.WriteAttributeString("classname", Safe($"secretscan.{f.Rule.Id}"));
        w.WriteAttributeString("name", Safe($"{where} {f.Rule.Name}"));
        w.WriteAttributeString("file", Safe(f.Location.Path));
        w.WriteAttributeString("line", f.Location.StartLine.ToString(CultureInfo.InvariantCulture));
        w.WriteStartElement("failure");
        w.WriteAttributeString("type", Safe(f.Rule.Id));
        w.WriteAttributeString("message", Safe(FindingText.Message(f, redactor)));
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"{f.Rule.Name} ({f.Rule.Id}, {f.Rule.Provider}) [{Vocabulary.Severity(f.Rule.Severity)}]\n");
        body.Append(CultureInfo.InvariantCulture, $"at      {where}\n");
        body.Append(CultureInfo.InvariantCulture, $"secret  {options.SecretText(f)}\n");
        if (FindingText.Verification(f, redactor) is { } verification) body.Append(CultureInfo.InvariantCulture, $"status  {verification}\n");
        if (f.Provenance is CommitProvenance c)
            body.Append(CultureInfo.InvariantCulture, $"commit  {c.Commit} by {options.CommitText(c.Author, redactor)} <{options.CommitText(c.Email, redactor)}> on {Vocabulary.Timestamp(c.Date)}: {options.CommitSummary(c, redactor)}\n");
        body.Append(CultureInfo.InvariantCulture, $"id      {f.Fingerprint}\n\n");
        foreach (string line in RotationText.Lines(f.Rule.Rotation)) body.Append(line).Append('\n');
        w.WriteString(Safe(body.ToString()));
        w.WriteEndElement();
        w.WriteEndElement();
    }


    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", Safe(value));
        w.WriteEndElement();
    }

    /// <summary>XML 1.0 cannot carry most control characters, even escaped; a path or summary with one must not break the file.</summary>
    private static string Safe(string text)
    {
        if (text.All(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))) return text;
        return string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD'));
    }
}
