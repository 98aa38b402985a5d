using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SecretScan.Doctor;

/// <summary>The checklist for people: one line per check with ✓ ✗ ?, what to do under it, grouped by variable.</summary>
public static class DoctorText
{
    /// <param name="unicode">False when the console cannot show ✓ and ✗: then OK, FAIL and WARN, and every other non-ASCII character as '?'.</param>
    public static void Write(DoctorReport report, TextWriter output, bool unicode)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"secretscan doctor: {report.Root}\n");
        var read = report.Variables.Where(v => v.ReadBy.Count > 0).ToList();
        if (read.Count > 0)
            text.Append(CultureInfo.InvariantCulture, $"the project reads {read.Count} credential variable(s): {string.Join(", ", read.Select(v => $"{v.Name} ({v.ReadBy[0]}{(v.ReadBy.Count > 1 ? $" +{v.ReadBy.Count - 1}" : "")})"))}\n");
        foreach (var group in report.Checks.GroupBy(c => c.Variable))
        {
            text.Append('\n').Append(group.Key.Length == 0 ? "project" : group.Key).Append('\n');
            foreach (DoctorCheck c in group)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {Mark(c.Status, unicode)} {c.Check,-10} {c.Message}\n");
                // Under the message: two spaces, the mark's width, a space, the check's column and its space.
                if (c.Advice is not null && c.Status != CheckStatus.Pass)
                    text.Append(new string(' ', 2 + (unicode ? 1 : 4) + 1 + 10 + 1)).Append(unicode ? "→ " : "-> ").Append(c.Advice).Append('\n');
            }
        }
        int failed = report.Count(CheckStatus.Fail), warned = report.Count(CheckStatus.Warn), passed = report.Count(CheckStatus.Pass);
        int variablesWithProblems = report.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Variable).Distinct().Count();
        text.Append('\n').Append(CultureInfo.InvariantCulture, $"{passed} passed, {failed} failed, {warned} to look at");
        text.Append(failed == 0 ? ": no problem found\n" : $": {variablesWithProblems} variable(s) need attention{(report.Checks.Any(c => c.Check == "leaked" && c.Status == CheckStatus.Fail) ? "; a leaked key must be rotated first" : "")}\n");
        if (!report.Online && failed > 0) text.Append("(add --online to ask the provider with one read-only request)\n");
        output.Write(unicode ? text.ToString() : Ascii(text.ToString()));
    }

    private static string Mark(CheckStatus status, bool unicode) => (status, unicode) switch
    {
        (CheckStatus.Pass, true) => "✓",
        (CheckStatus.Fail, true) => "✗",
        (CheckStatus.Warn, true) => "?",
        (CheckStatus.Pass, false) => "OK  ",
        (CheckStatus.Fail, false) => "FAIL",
        _ => "WARN",
    };

    private static string Ascii(string s) => string.Concat(s.Select(c => c < 128 ? c : '?'));
}

/// <summary>The same checks for scripts.</summary>
public static class DoctorJson
{
    public static void Write(DoctorReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("version", 1);
        json.WriteString("root", report.Root);
        json.WriteBoolean("online", report.Online);
        json.WriteString("result", report.HasProblem ? "problems" : "ok");
        json.WriteStartArray("variables");
        foreach (ExpectedVariable v in report.Variables)
        {
            json.WriteStartObject();
            json.WriteString("name", v.Name);
            json.WriteBoolean("fromCommandLine", v.FromCommandLine);
            json.WriteStartArray("readBy");
            foreach (string r in v.ReadBy) json.WriteStringValue(r);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("checks");
        foreach (DoctorCheck c in report.Checks)
        {
            json.WriteStartObject();
            json.WriteString("variable", c.Variable);
            json.WriteString("check", c.Check);
            json.WriteString("status", Name(c.Status));
            json.WriteString("message", c.Message);
            if (c.Advice is null) json.WriteNull("advice");
            else json.WriteString("advice", c.Advice);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("summary");
        json.WriteNumber("passed", report.Count(CheckStatus.Pass));
        json.WriteNumber("failed", report.Count(CheckStatus.Fail));
        json.WriteNumber("warnings", report.Count(CheckStatus.Warn));
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
    }

    public static string Name(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Fail => "fail",
        _ => "warn",
    };
}
