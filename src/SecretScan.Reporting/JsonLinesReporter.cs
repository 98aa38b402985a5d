using System.Text.Json;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// One JSON object per finding per line (the same fields as a finding of the JSON report), for log pipelines and
/// <c>jq -c</c>; diagnostics and stats are left to the JSON report, so every line has the same shape.
/// </summary>
public sealed class JsonLinesReporter : IReporter
{
    public void Write(ScanReport report, Stream output, ReportOptions options)
    {
        var redactor = Redactor.For(report);
        foreach (Finding f in report.Findings)
        {
            using (var w = new Utf8JsonWriter(output))
            {
                JsonReporter.WriteFinding(w, f, options, redactor);
                w.Flush();
            }
            output.WriteByte((byte)'\n');
        }
    }
}
