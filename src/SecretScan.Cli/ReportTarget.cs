using SecretScan.Reporting;

namespace SecretScan.Cli;

/// <summary>Where one report goes: a format and a file (absolute), or null for standard output.</summary>
public sealed record ReportTarget(string Format, string? Path)
{
    /// <summary>One --report value, FORMAT=PATH; '-' is standard output.</summary>
    public static ReportTarget Parse(string value, Func<string, string> fullPath)
    {
        int eq = value.IndexOf('=');
        if (eq <= 0 || eq == value.Length - 1)
            throw new UsageException($"--report: '{value}' is not FORMAT=PATH (e.g. sarif=results.sarif, or text=- for standard output)");
        string format = value[..eq].Trim().ToLowerInvariant(), path = value[(eq + 1)..];
        if (!Reporters.Formats.Contains(format))
            throw new UsageException($"--report: unknown format '{format}' (expected one of: {string.Join(", ", Reporters.Formats)})");
        return new ReportTarget(format, path == "-" ? null : fullPath(path));
    }
}
