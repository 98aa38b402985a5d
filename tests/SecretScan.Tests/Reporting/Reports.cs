using System.Collections.Immutable;
using SecretScan.Core;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Reporting;

/// <summary>
/// Hand-built scan reports for reporter tests: a directory scan and a history scan (the git sources are built on
/// another branch; reporters only see ScanReport, so history is exercised here without them). Every value is
/// fixed, so reporter output is byte-for-byte deterministic.
/// </summary>
public static class Reports
{
    public const string DirSecret = "tok_q7x2m9k4p1z8r5w3"; // secretscan:allow: fixed fake for golden files
    public const string HistorySecret = "tok_h4n8v2c6x1z9b5m3"; // secretscan:allow: fixed fake for golden files
    public const string LowSecret = "tok_l0w1s2e3v4e5r6t7"; // secretscan:allow: fixed fake for golden files
    public const string Version = "9.9.9";

    public static Rule TokenRule(string id = "test-token", Severity severity = Severity.Critical) =>
        new(id, @"\b(?<secret>tok_[a-z0-9]{16})\b", ["tok_"], new RotationGuide
        {
            Url = "https://example.com/tokens",
            Steps = ["Revoke the token on the tokens page.", "Create a replacement with the least privilege needed."],
            Update = ["Environment variables and .env files", "CI/CD secrets"],
            Check = ["Review the audit log for the exposure window."],
            Docs = "https://example.com/docs/tokens",
        })
        {
            Name = "Test API token",
            Description = "A token for the Test API; it acts as the account that created it.",
            Provider = "Test",
            Severity = severity,
            Precision = "very-high",
        };

    public static Rule QuietRule() =>
        new("test-unused", @"\bunused_[a-z]{8}\b", ["unused_"], new RotationGuide
        {
            Url = "https://example.com/unused",
            Steps = ["Roll it."],
            Update = ["Wherever it is used"],
        })
        {
            Name = "Unused rule", Description = "A rule that ran but found nothing.", Provider = "Other", Severity = Severity.Medium, Precision = "medium",
        };

    public static Finding Finding(Rule rule, string path, string content, string secret, Provenance provenance, int moreOccurrences = 0)
    {
        int offset = content.IndexOf(secret, StringComparison.Ordinal);
        Assert.That(offset, Is.GreaterThanOrEqualTo(0), "the secret must be in the content");
        var fragment = new Fragment(content, path, provenance);
        var (line, col) = fragment.Position(offset);
        var (endLine, endCol) = fragment.Position(offset + secret.Length - 1);
        var s = new Secret(secret);
        return new Finding
        {
            Rule = rule,
            Location = new Location(path, line, col, endLine, endCol, offset, offset + secret.Length),
            Provenance = provenance,
            Secret = s,
            Fingerprint = Fingerprint.Of(rule.Id, s),
            Entropy = 3.875,
            MoreOccurrences = moreOccurrences,
            LineHash = LineHash.Compute(content, [line])[line],
        };
    }

    public static ScanReport Dir()
    {
        Rule rule = TokenRule();
        return new ScanReport
        {
            Kind = "dir",
            Target = "/work/project",
            Findings =
            [
                Finding(rule, "config/app settings.env", $"# settings\nAPI_TOKEN={DirSecret}\n", DirSecret, new FileProvenance("/work/project/config/app settings.env")),
            ],
            Diagnostics =
            [
                new Diagnostic(DiagnosticCodes.Encoding, DiagnosticLevel.Warning, "legacy/latin1.txt", "not valid UTF-8; scanned as Latin-1"),
                new Diagnostic(DiagnosticCodes.Binary, DiagnosticLevel.Note, "assets/logo.png", "binary content skipped"),
            ],
            Rules = [rule, QuietRule()],
            Stats = new ScanStats { Files = 12, Bytes = 3456, Skipped = 1, Duration = TimeSpan.FromMilliseconds(42) },
        };
    }

    public static CommitProvenance Commit(bool inMessage = false) =>
        new("3f2a9c0d1e4b5a6978877665544332211aabbccd", "Alice Example", "alice@example.com",
            new DateTimeOffset(2024, 3, 5, 14, 30, 0, TimeSpan.FromHours(1)), $"Add deploy config with {HistorySecret}")
        {
            Order = 7,
            Pushed = true,
            InMessage = inMessage,
        };

    public static ScanReport History()
    {
        Rule critical = TokenRule();
        Rule low = TokenRule("test-low", Severity.Low);
        return new ScanReport
        {
            Kind = "git",
            Target = "/work/project",
            Findings =
            [
                Finding(critical, "deploy/old.yaml", $"deploy:\n  token: {HistorySecret}\n", HistorySecret, Commit(), moreOccurrences: 2),
                Finding(low, "notes.txt", $"{LowSecret}\n", LowSecret, Commit()),
            ],
            Diagnostics = [],
            Rules = [critical, low],
            Stats = new ScanStats { Files = 30, Bytes = 9000, Commits = 12, Blobs = 40, Duration = TimeSpan.FromMilliseconds(250) },
            Repository = ImmutableDictionary<string, string>.Empty
                .Add("head", "99aa88bb77cc66dd55ee44ff33aa22bb11cc00dd")
                .Add("branch", "main")
                .Add("remoteUrl", "https://ci-bot:hunter2@github.com/acme/project.git"),
        };
    }

    public static string Render(SecretScan.Reporting.IReporter reporter, ScanReport report, SecretScan.Reporting.ReportOptions? options = null)
    {
        using var stream = new MemoryStream();
        reporter.Write(report, stream, options ?? new SecretScan.Reporting.ReportOptions(ToolVersion: Version));
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Compares with a golden file under Reporting/Golden. SECRETSCAN_UPDATE_GOLDEN=1 rewrites it instead (review
    /// the diff before committing); a missing golden file fails, so a new test cannot pass without one.
    /// </summary>
    public static void AssertGolden(string name, string actual)
    {
        string path = Path.Combine(CliRunner.RepoRoot, "tests", "SecretScan.Tests", "Reporting", "Golden", name);
        if (Environment.GetEnvironmentVariable("SECRETSCAN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.That(File.Exists(path), Is.True, $"golden file {path} is missing; run with SECRETSCAN_UPDATE_GOLDEN=1 to create it\n--- actual ---\n{actual}");
        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
            Assert.Fail($"output differs from {name}\n--- expected ---\n{expected}\n--- actual ---\n{actual}");
    }
}
