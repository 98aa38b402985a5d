using System.Collections.Immutable;
using System.Text.Json;
using SecretScan.Core;
using SecretScan.Reporting;

namespace SecretScan.Tests.Reporting;

public sealed class SarifReporterTests
{
    private static JsonElement Run(string sarif) => JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0];

    [Test]
    public void Write_DirReport_MatchesGolden()
    {
        Reports.AssertGolden("dir.sarif", Reports.Render(new SarifReporter(), Reports.Dir()));
    }

    [Test]
    public void Write_HistoryReport_MatchesGolden()
    {
        Reports.AssertGolden("history.sarif", Reports.Render(new SarifReporter(), Reports.History()));
    }

    [Test]
    public void Write_AnyReport_NeverContainsTheSecretOrTheRemotePassword()
    {
        string dir = Reports.Render(new SarifReporter(), Reports.Dir());
        string history = Reports.Render(new SarifReporter(), Reports.History());
        Assert.Multiple(() =>
        {
            Assert.That(dir, Does.Not.Contain(Reports.DirSecret));
            Assert.That(history, Does.Not.Contain(Reports.HistorySecret), "the commit summary holds the secret and must be scrubbed");
            Assert.That(history, Does.Not.Contain(Reports.LowSecret));
            Assert.That(history, Does.Not.Contain("hunter2"));
            Assert.That(history, Does.Not.Contain("ci-bot"));
        });
    }

    [Test]
    public void Write_Reveal_PutsTheSecretInTheSnippetOnly()
    {
        string sarif = Reports.Render(new SarifReporter(), Reports.Dir(), new ReportOptions(Reveal: true, ToolVersion: Reports.Version));
        var result = Run(sarif).GetProperty("results")[0];
        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("snippet").GetProperty("text").GetString(),
                Is.EqualTo(Reports.DirSecret));
            Assert.That(result.GetProperty("message").GetProperty("text").GetString(), Does.Not.Contain(Reports.DirSecret));
            Assert.That(sarif.Split(Reports.DirSecret).Length - 1, Is.EqualTo(1), "exactly one occurrence: the snippet");
        });
    }

    [Test]
    public void Write_Result_HasOneRelativeLocationWithExclusiveEndColumn()
    {
        Finding f = Reports.Dir().Findings[0];
        var result = Run(Reports.Render(new SarifReporter(), Reports.Dir())).GetProperty("results")[0];
        var locations = result.GetProperty("locations");
        var physical = locations[0].GetProperty("physicalLocation");
        var region = physical.GetProperty("region");
        Assert.Multiple(() =>
        {
            Assert.That(locations.GetArrayLength(), Is.EqualTo(1));
            Assert.That(physical.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("config/app%20settings.env"));
            Assert.That(physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString(), Is.EqualTo("%SRCROOT%"));
            Assert.That(region.GetProperty("startLine").GetInt32(), Is.EqualTo(2));
            Assert.That(region.GetProperty("startColumn").GetInt32(), Is.EqualTo(11));
            Assert.That(region.GetProperty("endLine").GetInt32(), Is.EqualTo(2));
            Assert.That(region.GetProperty("endColumn").GetInt32(), Is.EqualTo(11 + Reports.DirSecret.Length));
            Assert.That(f.Location.EndColumn, Is.EqualTo(10 + Reports.DirSecret.Length), "ours is inclusive, SARIF's exclusive");
        });
    }

    [Test]
    public void Write_Result_CarriesLineHashAndOwnFingerprint()
    {
        Finding f = Reports.Dir().Findings[0];
        var fp = Run(Reports.Render(new SarifReporter(), Reports.Dir())).GetProperty("results")[0].GetProperty("partialFingerprints");
        Assert.Multiple(() =>
        {
            Assert.That(fp.GetProperty("primaryLocationLineHash").GetString(), Is.EqualTo(f.LineHash).And.Match("^[0-9a-f]+:1$"));
            Assert.That(fp.GetProperty(SarifReporter.FingerprintKey).GetString(), Is.EqualTo(f.Fingerprint));
        });
    }

    [Test]
    public void Write_Rules_ListsEveryRuleThatRanAndIndexesThem()
    {
        var run = Run(Reports.Render(new SarifReporter(), Reports.Dir()));
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var ids = rules.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        var result = run.GetProperty("results")[0];
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new[] { "test-token", "test-unused" }), "the rule with no finding is listed too, in id order");
            Assert.That(ids[result.GetProperty("ruleIndex").GetInt32()], Is.EqualTo(result.GetProperty("ruleId").GetString()));
            var rule = rules[0];
            Assert.That(rule.GetProperty("name").GetString(), Is.EqualTo("TestApiToken"));
            Assert.That(rule.GetProperty("help").GetProperty("markdown").GetString(), Does.Contain(RotationGuide.HistoryWarning).And.Contain("https://example.com/tokens"));
            Assert.That(rule.GetProperty("help").GetProperty("text").GetString(), Does.Contain(RotationGuide.HistoryWarning).And.Contain("1. Revoke the token"));
            Assert.That(rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Does.Contain("security").And.Contain("secret").And.Contain("Test"));
            Assert.That(rule.GetProperty("properties").GetProperty("security-severity").GetString(), Is.EqualTo("9.5"));
            Assert.That(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), Is.EqualTo("error"));
            Assert.That(rules[1].GetProperty("defaultConfiguration").GetProperty("level").GetString(), Is.EqualTo("warning"));
        });
    }

    [Test]
    public void Write_History_CommitIsInMessageAndPropertiesAndRepositoryInProvenance()
    {
        var run = Run(Reports.Render(new SarifReporter(), Reports.History()));
        var result = run.GetProperty("results")[0];
        string message = result.GetProperty("message").GetProperty("text").GetString()!;
        var props = result.GetProperty("properties");
        var vcs = run.GetProperty("versionControlProvenance")[0];
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("commit 3f2a9c0d1e4b").And.Contain("Alice Example").And.Contain("2024-03-05"));
            Assert.That(props.GetProperty("commit").GetString(), Is.EqualTo("3f2a9c0d1e4b5a6978877665544332211aabbccd"));
            Assert.That(props.GetProperty("author").GetString(), Is.EqualTo("Alice Example"));
            Assert.That(props.GetProperty("date").GetString(), Is.EqualTo("2024-03-05T14:30:00+01:00"));
            Assert.That(props.GetProperty("pushed").GetBoolean(), Is.True);
            Assert.That(props.GetProperty("moreOccurrences").GetInt32(), Is.EqualTo(2));
            Assert.That(vcs.GetProperty("repositoryUri").GetString(), Is.EqualTo("https://github.com/acme/project.git"));
            Assert.That(vcs.GetProperty("revisionId").GetString(), Is.EqualTo("99aa88bb77cc66dd55ee44ff33aa22bb11cc00dd"));
            Assert.That(vcs.GetProperty("branch").GetString(), Is.EqualTo("main"));
            Assert.That(run.GetProperty("automationDetails").GetProperty("id").GetString(), Is.EqualTo("secretscan/git/"));
        });
    }

    [Test]
    public void Write_DirReport_HasNoVersionControlProvenanceAndDiagnosticsAsNotifications()
    {
        var run = Run(Reports.Render(new SarifReporter(), Reports.Dir()));
        var invocation = run.GetProperty("invocations")[0];
        var notes = invocation.GetProperty("toolExecutionNotifications");
        Assert.Multiple(() =>
        {
            Assert.That(run.TryGetProperty("versionControlProvenance", out _), Is.False);
            Assert.That(invocation.GetProperty("executionSuccessful").GetBoolean(), Is.True);
            Assert.That(notes.GetArrayLength(), Is.EqualTo(2));
            Assert.That(notes[0].GetProperty("descriptor").GetProperty("id").GetString(), Is.EqualTo(DiagnosticCodes.Encoding));
            Assert.That(notes[0].GetProperty("level").GetString(), Is.EqualTo("warning"));
            Assert.That(notes[1].GetProperty("level").GetString(), Is.EqualTo("note"));
        });
    }

    [TestCase(null, "dir", "secretscan/dir/")]
    [TestCase(null, "staged", "secretscan/staged/")]
    [TestCase("secrets-nightly", "git", "secrets-nightly/")]
    [TestCase("team/secrets/run-42", "git", "team/secrets/run-42/")]
    [TestCase("team/secrets/", "git", "team/secrets/")]
    public void Category_GivenOrDefault_EndsInSlash(string? given, string kind, string expected)
    {
        Assert.That(SarifReporter.Category(given, kind), Is.EqualTo(expected));
    }

    [Test]
    public void Write_SarifCategoryOption_IsTheAutomationId()
    {
        var run = Run(Reports.Render(new SarifReporter(), Reports.Dir(), new ReportOptions(ToolVersion: "1.0.0", SarifCategory: "nightly")));
        Assert.That(run.GetProperty("automationDetails").GetProperty("id").GetString(), Is.EqualTo("nightly/"));
    }

    [TestCase("https://user:pw@github.com/acme/app.git", "https://github.com/acme/app.git")]
    [TestCase("git@github.com:acme/app.git", "ssh://github.com/acme/app.git")]
    [TestCase("ssh://git@gitlab.example.com:2222/group/app.git", "ssh://gitlab.example.com:2222/group/app.git")]
    [TestCase("https://github.com/acme/app", "https://github.com/acme/app")]
    [TestCase("/srv/git/app.git", null)]
    [TestCase("file:///srv/git/app.git", null)]
    [TestCase("", null)]
    public void RepositoryUri_Remote_IsAbsoluteWithoutCredentials(string remote, string? expected)
    {
        Assert.That(SarifReporter.RepositoryUri(remote), Is.EqualTo(expected));
    }

    [TestCase("src/app.py", "src/app.py")]
    [TestCase("./src/app.py", "src/app.py")]
    [TestCase(@"src\win\app.py", "src/win/app.py")]
    [TestCase("docs/a b#c%.md", "docs/a%20b%23c%25.md")]
    public void RelativeUri_Path_IsRelativeReferenceWithSlashes(string path, string expected)
    {
        Assert.That(SarifReporter.RelativeUri(path), Is.EqualTo(expected));
    }

    [TestCase("IAM → Users → <user> → Keys", "IAM → Users → &lt;user&gt; → Keys")]
    [TestCase("run `aws iam delete-access-key --user-name <user>` now", "run `aws iam delete-access-key --user-name <user>` now")]
    [TestCase("a <b> `c <d>` e <f>", "a &lt;b&gt; `c <d>` e &lt;f&gt;")]
    public void MarkdownText_AngleBrackets_EscapedOutsideCodeSpans(string text, string expected)
    {
        Assert.That(SarifReporter.MarkdownText(text), Is.EqualTo(expected));
    }

    [TestCase("GitHub personal access token (classic)", "GitHubPersonalAccessTokenClassic")]
    [TestCase("AWS access key ID", "AwsAccessKeyId")]
    [TestCase("OpenAI API key", "OpenAIApiKey")]
    public void PascalCase_RuleName_IsOneIdentifier(string name, string expected)
    {
        Assert.That(SarifReporter.PascalCase(name), Is.EqualTo(expected));
    }

    private static ScanReport ManyFindings(int critical, int high, int low)
    {
        Rule c = Reports.TokenRule("rule-critical", Severity.Critical);
        Rule h = Reports.TokenRule("rule-high", Severity.High);
        Rule l = Reports.TokenRule("rule-low", Severity.Low);
        var findings = new List<Finding>();
        int n = 0;
        // Low ones first in report order, so keeping "the first N" would be wrong.
        foreach (var (rule, count) in new[] { (l, low), (h, high), (c, critical) })
            for (int i = 0; i < count; i++, n++)
            {
                string secret = $"tok_{n:d4}abcdefghijkl";
                findings.Add(Reports.Finding(rule, $"f{n:d4}.txt", $"x = {secret}\n", secret, new FileProvenance($"/p/f{n:d4}.txt")));
            }
        return Reports.Dir() with { Findings = [.. findings], Rules = [c, h, l], Diagnostics = [] };
    }

    [Test]
    public void Write_OverResultLimit_KeepsMostSevereAndSaysWhatWasLeftOut()
    {
        var run = Run(Reports.Render(new SarifReporter(maxResults: 3), ManyFindings(critical: 2, high: 2, low: 3)));
        var results = run.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()).ToList();
        var notes = run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications");
        string text = notes[0].GetProperty("message").GetProperty("text").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Count.EqualTo(3));
            Assert.That(results.Count(r => r == "rule-critical"), Is.EqualTo(2));
            Assert.That(results.Count(r => r == "rule-high"), Is.EqualTo(1));
            Assert.That(notes.GetArrayLength(), Is.EqualTo(1));
            Assert.That(notes[0].GetProperty("level").GetString(), Is.EqualTo("warning"));
            Assert.That(text, Does.Contain("Only 3 of 7").And.Contain("1 high, 3 low"));
            Assert.That(run.GetProperty("invocations")[0].GetProperty("properties").GetProperty("findingsLeftOut").GetInt32(), Is.EqualTo(4));
        });
    }

    [Test]
    public void Write_OverGzipLimit_ShrinksUntilItFits()
    {
        ScanReport report = ManyFindings(critical: 40, high: 40, low: 40);
        byte[] full = System.Text.Encoding.UTF8.GetBytes(Reports.Render(new SarifReporter(), report));
        long fullGzip = Gzip(full);
        long limit = fullGzip / 2;
        byte[] cut = System.Text.Encoding.UTF8.GetBytes(Reports.Render(new SarifReporter(maxGzipBytes: limit), report));
        var run = Run(System.Text.Encoding.UTF8.GetString(cut));
        var kept = run.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Gzip(cut), Is.LessThanOrEqualTo(limit));
            Assert.That(kept, Is.Not.Empty.And.Count.LessThan(120));
            Assert.That(kept.Take(Math.Min(40, kept.Count)), Has.All.EqualTo("rule-critical"), "criticals are kept first");
            Assert.That(run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications")[0].GetProperty("descriptor").GetProperty("id").GetString(),
                Is.EqualTo(DiagnosticCodes.Truncated));
        });
    }

    private static long Gzip(byte[] bytes)
    {
        using var ms = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true)) gz.Write(bytes);
        return ms.Length;
    }

    [Test]
    public void Write_CommitMessageFinding_SaysSoWithoutTheSecret()
    {
        Rule rule = Reports.TokenRule();
        var commit = Reports.Commit(inMessage: true);
        Finding f = Reports.Finding(rule, "COMMIT_EDITMSG", commit.Summary, Reports.HistorySecret, commit);
        string sarif = Reports.Render(new SarifReporter(), Reports.History() with { Findings = [f], Rules = [rule] });
        var result = Run(sarif).GetProperty("results")[0];
        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("message").GetProperty("text").GetString(), Does.Contain("in a commit message"));
            Assert.That(result.GetProperty("properties").GetProperty("inCommitMessage").GetBoolean(), Is.True);
            Assert.That(sarif, Does.Not.Contain(Reports.HistorySecret));
        });
    }

    [Test]
    public void Write_EmptyReport_HasEmptyResultsAndRules()
    {
        var report = new ScanReport
        {
            Kind = "stdin", Target = "stdin", Findings = [], Diagnostics = [], Rules = [], Stats = new ScanStats(),
            Repository = ImmutableDictionary<string, string>.Empty,
        };
        var run = Run(Reports.Render(new SarifReporter(), report));
        Assert.Multiple(() =>
        {
            Assert.That(run.GetProperty("results").GetArrayLength(), Is.Zero);
            Assert.That(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").GetArrayLength(), Is.Zero);
        });
    }
}
