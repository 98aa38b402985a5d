using System.Globalization;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// The words and formats every reporter uses, defined once so that text, JSON, SARIF, JUnit and annotations never
/// disagree on what a severity is called, how long a commit id is, or how a time is written.
/// </summary>
public static class Vocabulary
{
    /// <summary>"critical", "high", "medium", "low": the word in every format.</summary>
    public static string Severity(Severity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>SARIF's result level, which is also the GitHub Actions annotation command: error, warning or note.</summary>
    public static string SarifLevel(Severity severity) => severity switch
    {
        Core.Severity.Critical or Core.Severity.High => "error",
        Core.Severity.Medium => "warning",
        _ => "note",
    };

    public static string DiagnosticLevel(DiagnosticLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>The abbreviated commit id shown to people (machine fields keep the full id).</summary>
    public static string ShortCommit(string sha) => Provenance.ShortId(sha);

    /// <summary>A commit's day, as in the one-line description.</summary>
    public static string Date(DateTimeOffset date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 with the author's offset: the form every machine format carries.</summary>
    public static string Timestamp(DateTimeOffset date) => date.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB"),
    };
}
