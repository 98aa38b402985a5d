using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using SecretScan.Tests.Reporting;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>The real executable writing SARIF, JUnit and annotations, alone and several at once with --report.</summary>
public sealed class ReportTests
{
    private const string RuleFile = TestRules.TestKeyRuleFile;

    /// <summary>Fixed, so the golden SARIF of a real scan is stable (the fingerprint and line hash depend on it).</summary>
    private const string FixedKey = "tk_Q8w2Ze5Rt7Yu1Io3Pa9S";

    [Test]
    public void Dir_SeveralReports_OneScanWritesEveryFormat()
    {
        using var dir = new TempDirectory();
        using var outDir = new TempDirectory(TestContext.CurrentContext.Test.Name + "-out");
        string token = FakeSecrets.GitHubPat();
        dir.File("src/app.py", $"import os\n\nTOKEN = \"{token}\"\n");
        string sarif = outDir.Combine("r.sarif"), junit = outDir.Combine("r.xml"), gh = outDir.Combine("r.txt"), json = outDir.Combine("r.json");

        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "--report", $"sarif={sarif}", "--report", $"junit={junit}",
            "--report", $"github={gh}", $"--report=json={json}");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        string[] files = [sarif, junit, gh, json];
        Assert.Multiple(() =>
        {
            Assert.That(r.Stdout, Does.Contain("Finding 1:").And.Contain("src/app.py:3:10"), "the text report still goes to the terminal");
            foreach (string f in files)
            {
                Assert.That(File.Exists(f), Is.True, f);
                Assert.That(File.ReadAllText(f), Does.Not.Contain(token[4..]), $"{f} must be masked");
                if (!OperatingSystem.IsWindows())
                    Assert.That(File.GetUnixFileMode(f), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{f} must be owner-only");
            }
            Assert.That(r.Stdout, Does.Not.Contain(token[4..]));
        });

        var run = JsonDocument.Parse(File.ReadAllText(sarif)).RootElement.GetProperty("runs")[0];
        var result = run.GetProperty("results").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("ruleId").GetString(), Is.EqualTo("github-pat-classic"));
            Assert.That(result.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString(), Does.Match("^[0-9a-f]+:1$"));
            Assert.That(run.GetProperty("automationDetails").GetProperty("id").GetString(), Is.EqualTo("secretscan/dir/"));
            Assert.That(XDocument.Parse(File.ReadAllText(junit)).Descendants("failure").Count(), Is.EqualTo(1));
            Assert.That(File.ReadAllLines(gh)[0], Does.StartWith("::error file=src/app.py,line=3,col=10,endLine=3,endColumn=49,"));
            Assert.That(JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("findings").GetArrayLength(), Is.EqualTo(1));
        });
    }

    [Test]
    public void Dir_FormatSarif_RealScanMatchesGoldenWithVolatileFieldsNormalised()
    {
        using var dir = new TempDirectory();
        dir.File("rules.yaml", RuleFile);
        dir.File("app/settings.ini", $"[api]\nkey = {FixedKey}\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", "app", "--rules", "rules.yaml", "--format", "sarif", "--no-config");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Reports.AssertGolden("e2e-dir.sarif", Normalise(r.Stdout));
    }

    /// <summary>
    /// Replaces what changes between builds and runs (tool version, duration) and keeps only the test rule: the
    /// default rules' own text is not this test's business and would make every rule edit a golden-file edit.
    /// </summary>
    private static string Normalise(string sarif)
    {
        var root = JsonNode.Parse(sarif)!;
        var run = root["runs"]![0]!;
        var driver = run["tool"]!["driver"]!;
        Assert.That((string?)driver["version"], Does.Match(@"^\d+\.\d+\.\d+"));
        driver["version"] = "<version>";
        driver["semanticVersion"] = "<version>";
        var invocation = run["invocations"]![0]!;
        Assert.That(invocation["properties"]!["durationMs"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0));
        invocation["properties"]!["durationMs"] = 0;
        var rules = driver["rules"]!.AsArray();
        Assert.That(rules, Has.Count.GreaterThan(1), "the default rules ran too");
        foreach (var result in run["results"]!.AsArray())
        {
            int index = result!["ruleIndex"]!.GetValue<int>();
            Assert.That((string?)rules[index]!["id"], Is.EqualTo((string?)result["ruleId"]), "ruleIndex points at the result's rule");
            result["ruleIndex"] = "<index>";
        }
        var kept = rules.Where(x => (string?)x!["id"] == "test-key").Select(x => x!.DeepClone()).ToArray();
        driver["rules"] = new JsonArray(kept);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    [Test]
    public void Stdin_FormatSarif_UsesPathHintAndStdinCategory()
    {
        using var dir = new TempDirectory();
        string token = FakeSecrets.GitHubPat();
        var r = CliRunner.SecretscanWithInput(dir.Path, $"GITHUB_TOKEN={token}\n", "stdin", "--path-hint", "config/.env", "--format", "sarif");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        var run = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("runs")[0];
        Assert.Multiple(() =>
        {
            Assert.That(run.GetProperty("automationDetails").GetProperty("id").GetString(), Is.EqualTo("secretscan/stdin/"));
            Assert.That(run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(),
                Is.EqualTo("config/.env"));
            Assert.That(r.Stdout, Does.Not.Contain(token[4..]));
        });
    }

    [Test]
    public void Dir_SarifCategory_IsTheAutomationId()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", "nothing here\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "--format", "sarif", "--sarif-category", "nightly/secrets");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        var run = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("runs")[0];
        Assert.Multiple(() =>
        {
            Assert.That(run.GetProperty("automationDetails").GetProperty("id").GetString(), Is.EqualTo("nightly/secrets/"));
            Assert.That(run.GetProperty("results").GetArrayLength(), Is.Zero);
        });
    }

    [TestCase("bogus=out.x", "unknown format 'bogus'")]
    [TestCase("sarif", "is not FORMAT=PATH")]
    [TestCase("sarif=", "is not FORMAT=PATH")]
    [TestCase("text=-", "only one report can go to standard output")]
    public void Dir_BadReportOption_ExitsTwoWithOneLine(string value, string expected)
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", "nothing\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "--report", value);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain(expected));
        });
    }

    [Test]
    public void Dir_TwoReportsToOneFile_ExitsTwo()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", "nothing\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "-o", "same.out", "--report", "sarif=same.out");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain("same file"));
        });
    }

    [Test]
    public void Dir_MainReportToFileAndTextToStdout_BothWritten()
    {
        using var dir = new TempDirectory();
        using var outDir = new TempDirectory(TestContext.CurrentContext.Test.Name + "-out");
        string token = FakeSecrets.GitHubPat();
        dir.File("k.env", $"T={token}\n");
        string sarif = outDir.Combine("main.sarif");
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "--format", "sarif", "-o", sarif, "--report", "text=-");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
            Assert.That(r.Stdout, Does.Contain("Finding 1:"));
            Assert.That(JsonDocument.Parse(File.ReadAllText(sarif)).RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
        });
    }
}
