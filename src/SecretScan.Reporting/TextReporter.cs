using System.Globalization;
using System.Text;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// For people at a terminal or reading a CI log: one block per finding, then each rule's rotation guide once,
/// then a one-line summary that also says what was held back, so nothing disappears silently.
/// </summary>
public sealed class TextReporter : IReporter
{
    public void Write(ScanReport report, Stream output, ReportOptions options)
    {
        using var w = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        var c = new Palette(options.Color);
        var redactor = Redactor.For(report);
        int n = 0;
        // A rule's findings in one file are one block: eight salts of one wp-config.php are read together.
        foreach (var group in report.Findings.GroupBy(f => (f.Location.Path, f.Rule.Id)))
        {
            Finding f = group.First();
            n++;
            w.WriteLine($"{c.Bold($"Finding {n}:")} {c.Severity(f.Rule.Severity, f.Rule.Name)} ({f.Rule.Id}) [{Lower(f.Rule.Severity)}, {ConfidenceNames.Name(f.Confidence)} confidence]");
            foreach (Finding each in group)
            {
                w.WriteLine($"  at      {each.Location.Path}:{each.Location.StartLine}:{each.Location.StartColumn}");
                w.WriteLine($"  secret  {options.SecretText(each)}");
                if (FindingText.Verification(each, redactor) is { } verification) w.WriteLine($"  status  {verification}");
                if (!each.Decoded.IsEmpty) w.WriteLine($"  found   {FindingText.DecodedContent(each)}");
                if (each.RepeatedInFile > 0) w.WriteLine($"  repeated {each.RepeatedInFile} more time(s) in this file");
                if (each.Confidence != f.Confidence) w.WriteLine($"  confidence {ConfidenceNames.Name(each.Confidence)}");
                if (each.ConfidenceReason is not null) w.WriteLine($"  context {each.ConfidenceReason}");
                if (each.Exposure is not null) w.WriteLine($"  {c.Red("public:")} {each.Exposure} - {FindingText.ExposureAdvice}.");
                if (each.Provenance is CommitProvenance p)
                {
                    w.WriteLine($"  commit  {p.Commit} by {options.CommitText(p.Author, redactor)} <{options.CommitText(p.Email, redactor)}> on {p.Date.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}");
                    w.WriteLine($"          \"{options.CommitSummary(p, redactor)}\"{(p.InMessage ? " (in the commit message)" : "")}");
                    if (each.MoreOccurrences > 0) w.WriteLine($"  also in {each.MoreOccurrences} later version(s) of this file");
                    if (each.HistoryExposure is { } x) w.WriteLine($"  exposed {(x.Pushed ? c.Red(x.Age) : c.Yellow(x.Age))}; {(x.AtHead ? "still at HEAD" : "no longer at HEAD (history only)")}");
                    if (p.Pushed == true) w.WriteLine($"  {c.Red("pushed:")} a remote branch or tag contains this commit: the key has left this machine. Rotate it now; cleaning history comes second.");
                    else if (p.Pushed == false) w.WriteLine($"  {c.Yellow("not pushed:")} only local commits contain it. Rewrite them before pushing (git rebase -i / git commit --amend), and still rotate a sensitive key.");
                }
                w.WriteLine($"  id      {each.Fingerprint}");
            }
            w.WriteLine();
        }

        // Most exposed first: a key pushed long ago and still at HEAD is rotated before one that never left this clone.
        var byRule = report.Findings.GroupBy(f => f.Rule.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Min(f => f.HistoryExposure?.Urgency ?? int.MaxValue))
            .ThenByDescending(g => g.Max(f => f.HistoryExposure?.DaysReachable ?? -1)).ToList();
        if (byRule.Count > 0)
        {
            w.WriteLine(c.Bold("How to rotate"));
            foreach (var group in byRule)
            {
                Rule rule = group.First().Rule;
                w.WriteLine();
                w.WriteLine($"{c.Bold(rule.Name)} ({rule.Id}, {rule.Provider}): {group.Count()} finding(s)");
                if (group.Any(f => f.Exposure is not null))
                    w.WriteLine($"  {c.Red("Urgent:")} some of these are in files served to browsers - {FindingText.ExposureAdvice}.");
                if (group.Select(f => f.HistoryExposure).OfType<HistoryExposure>().MinBy(x => (x.Urgency, -x.DaysReachable)) is { } worst)
                    w.WriteLine($"  {(worst.Pushed ? c.Red("Urgent:") : c.Yellow("Exposure:"))} {worst.Age}{(worst.AtHead ? " and still at HEAD" : "")}{(worst.Pushed ? ": rotate before cleaning history ('secretscan purge-plan' writes the plan)" : "")}.");
                foreach (string line in RotationText.Lines(rule.Rotation)) w.WriteLine("  " + line);
            }
            w.WriteLine();
        }

        if (options.ListDiagnostics)
            foreach (Diagnostic d in report.Diagnostics.Where(d => options.Verbose || d.Level != DiagnosticLevel.Note))
                w.WriteLine(c.Yellow(d.ToString()));
        w.WriteLine(Summary(report, c));
    }

    public static string Summary(ScanReport report, Palette? palette = null)
    {
        var c = palette ?? new Palette(false);
        var s = report.Stats;
        var sb = new StringBuilder();
        int count = report.Findings.Length;
        sb.Append(count == 0 ? c.Green("No secrets found") : c.Red($"{count} secret(s) found"));
        if (count > 0)
            sb.Append(" (").Append(string.Join(", ", report.Findings.GroupBy(f => f.Rule.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {Lower(g.Key)}"))).Append(')');
        sb.Append(CultureInfo.InvariantCulture, $" in {s.Files} file(s)");
        if (s.Commits > 0) sb.Append(CultureInfo.InvariantCulture, $" from {s.Commits} commit(s)");
        sb.Append(CultureInfo.InvariantCulture, $", {Vocabulary.Bytes(s.Bytes)}, {s.Duration.TotalSeconds:0.00} s");
        if (s.Skipped > 0) sb.Append(CultureInfo.InvariantCulture, $"; {s.Skipped} skipped");
        if (FindingText.VerificationSummary(report.Findings) is { } verified) sb.Append("; ").Append(verified);
        if (!s.Suppressed.IsEmpty)
            sb.Append("; held back: ").Append(string.Join(", ", s.Suppressed.OrderBy(kv => kv.Key).Select(kv => $"{kv.Value} {ScanStats.StageName(kv.Key)}")));
        if (s.BelowConfidence > 0) sb.Append(CultureInfo.InvariantCulture, $"; {s.BelowConfidence} below the minimum confidence (--min-confidence low shows them)");
        if (s.DisabledRules > 0) sb.Append(CultureInfo.InvariantCulture, $"; {s.DisabledRules} rule(s) disabled by config");
        return sb.Append('.').ToString();
    }

    private static string Lower(Severity s) => Vocabulary.Severity(s);
}
