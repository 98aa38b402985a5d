namespace SecretScan.Reporting;

/// <summary>The one list of report formats and the reporter for each name.</summary>
public static class Reporters
{
    public static readonly IReadOnlyList<string> Formats = ["text", "json", "sarif", "junit", "github", "html", "jsonl", "csv"];

    public static IReporter? Create(string format) => format switch
    {
        "text" => new TextReporter(),
        "json" => new JsonReporter(),
        "sarif" => new SarifReporter(),
        "junit" => new JUnitReporter(),
        "github" => new GitHubAnnotationsReporter(),
        "html" => new HtmlReporter(),
        "jsonl" => new JsonLinesReporter(),
        "csv" => new CsvReporter(),
        _ => null,
    };
}
