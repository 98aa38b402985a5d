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
        foreach (Finding f in report.Findings)
        {
            n++;
            w.WriteLine($"{c.Bold($"Finding {n}:")} {c.Severity(f.Rule.Severity, f.Rule.Name)} ({f.Rule.Id}) [{Lower(f.Rule.Severity)}]");
            w.WriteLine($"  at      {f.Location.Path}:{f.Location.StartLine}:{f.Location.StartColumn}");
            w.WriteLine($"  secret  {options.SecretText(f)}");
            if (FindingText.Verification(f, redactor) is { } verification) w.WriteLine($"  status  {verification}");
            if (f.Provenance is CommitProvenance p)
            {
                w.WriteLine($"  commit  {p.Commit} by {(options.Reveal ? p.Author : redactor.Scrub(p.Author))} <{(options.Reveal ? p.Email : redactor.Scrub(p.Email))}> on {p.Date.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}");
                w.WriteLine($"          \"{options.CommitSummary(p, redactor)}\"{(p.InMessage ? " (in the commit message)" : "")}");
                if (f.MoreOccurrences > 0) w.WriteLine($"  also in {f.MoreOccurrences} later version(s) of this file");
                if (p.Pushed == true) w.WriteLine($"  {c.Red("pushed:")} a remote branch or tag contains this commit: the key has left this machine. Rotate it now; cleaning history comes second.");
                else if (p.Pushed == false) w.WriteLine($"  {c.Yellow("not pushed:")} only local commits contain it. Rewrite them before pushing (git rebase -i / git commit --amend), and still rotate a sensitive key.");
            }
            w.WriteLine($"  id      {f.Fingerprint}");
            w.WriteLine();
        }

        var byRule = report.Findings.GroupBy(f => f.Rule.Id, StringComparer.Ordinal).ToList();
        if (byRule.Count > 0)
        {
            w.WriteLine(c.Bold("How to rotate"));
            foreach (var group in byRule)
            {
                Rule rule = group.First().Rule;
                w.WriteLine();
                w.WriteLine($"{c.Bold(rule.Name)} ({rule.Id}, {rule.Provider}): {group.Count()} finding(s)");
                foreach (string line in RotationText.Lines(rule.Rotation)) w.WriteLine("  " + line);
            }
            w.WriteLine();
        }

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
        sb.Append(CultureInfo.InvariantCulture, $", {FormatBytes(s.Bytes)}, {s.Duration.TotalSeconds:0.00} s");
        if (s.Skipped > 0) sb.Append(CultureInfo.InvariantCulture, $"; {s.Skipped} skipped");
        if (FindingText.VerificationSummary(report.Findings) is { } verified) sb.Append("; ").Append(verified);
        if (!s.Suppressed.IsEmpty)
            sb.Append("; held back: ").Append(string.Join(", ", s.Suppressed.OrderBy(kv => kv.Key).Select(kv => $"{kv.Value} {ScanStats.StageName(kv.Key)}")));
        if (s.DisabledRules > 0) sb.Append(CultureInfo.InvariantCulture, $"; {s.DisabledRules} rule(s) disabled by config");
        return sb.Append('.').ToString();
    }

    public static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB"),
    };

    internal static string Lower(Severity s) => s.ToString().ToLowerInvariant();
}

/// <summary>The rotation guide as plain lines: shared by the text report, the hook message and SARIF help.</summary>
public static class RotationText
{
    public static IEnumerable<string> Lines(RotationGuide guide)
    {
        yield return $"Revoke or roll it at: {guide.Url}";
        int i = 0;
        foreach (string step in guide.Steps) yield return $"{++i}. {step}";
        yield return "Then update every consumer of the key:";
        foreach (string u in guide.Update) yield return $"   - {u}";
        if (!guide.Check.IsDefaultOrEmpty)
        {
            yield return "Check afterwards:";
            foreach (string ch in guide.Check) yield return $"   - {ch}";
        }
        if (guide.Docs is not null) yield return $"Docs: {guide.Docs}";
        yield return RotationGuide.HistoryWarning;
    }
}

/// <summary>ANSI colour, or nothing at all when colour is off.</summary>
public sealed class Palette(bool enabled)
{
    private string Wrap(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
    public string Bold(string t) => Wrap("1", t);
    public string Red(string t) => Wrap("31", t);
    public string Green(string t) => Wrap("32", t);
    public string Yellow(string t) => Wrap("33", t);
    public string Severity(Severity s, string t) => s >= Core.Severity.High ? Red(t) : Yellow(t);
}
