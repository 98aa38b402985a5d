using System.Globalization;
using System.Text;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// RFC 4180 CSV, one row per finding, for spreadsheets. Cells that a spreadsheet would run as a formula (starting with
/// <c>= + - @</c>, tab or carriage return) are prefixed with a quote: a commit summary is attacker-controlled text.
/// </summary>
public sealed class CsvReporter : IReporter
{
    public static readonly string[] Columns =
        ["severity", "rule_id", "rule_name", "provider", "file", "line", "column", "secret", "fingerprint", "commit", "author", "date", "pushed", "rotation_url", "at_head", "days_reachable"];

    public void Write(ScanReport report, Stream output, ReportOptions options)
    {
        var redactor = Redactor.For(report);
        using var w = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        w.WriteLine(string.Join(',', Columns));
        foreach (Finding f in report.Findings)
        {
            var commit = f.Provenance as CommitProvenance;
            string[] cells =
            [
                f.Rule.Severity.ToString().ToLowerInvariant(), f.Rule.Id, f.Rule.Name, f.Rule.Provider, f.Location.Path,
                f.Location.StartLine.ToString(CultureInfo.InvariantCulture), f.Location.StartColumn.ToString(CultureInfo.InvariantCulture),
                options.SecretText(f), f.Fingerprint, commit?.Commit ?? "", commit is null ? "" : options.Reveal ? commit.Author : redactor.Scrub(commit.Author),
                commit?.Date.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture) ?? "",
                commit?.Pushed switch { true => "true", false => "false", null => "" }, f.Rule.Rotation.Url,
                f.HistoryExposure is { } x ? (x.AtHead ? "true" : "false") : "",
                f.HistoryExposure?.DaysReachable.ToString(CultureInfo.InvariantCulture) ?? "",
            ];
            w.WriteLine(string.Join(',', cells.Select(Cell)));
        }
    }

    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
