using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>Confidence, context, browser exposure and repeats through the real executable, in every report format.</summary>
public class ConfidenceEndToEndTests
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private static string Password() => FakeSecrets.Random(Alphabet, 18) + "7";

    private static List<JsonElement> Findings(CliRunner.Result r) =>
        [.. JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings").EnumerateArray()];

    [Test]
    public void DocumentationFinding_IsLow_HiddenByDefault_ShownWithMinConfidenceLow()
    {
        using var dir = new TempDirectory();
        dir.File("docs/setup.md", $"```\ndb_password: \"{Password()}\"\n```\n");
        var byDefault = CliRunner.Secretscan(dir.Path, "dir", ".", "--no-config", "-f", "json");
        var low = CliRunner.Secretscan(dir.Path, "dir", ".", "--no-config", "-f", "json", "--min-confidence", "low");
        Assert.Multiple(() =>
        {
            Assert.That(byDefault.ExitCode, Is.EqualTo(0), byDefault.ToString());
            Assert.That(JsonDocument.Parse(byDefault.Stdout).RootElement.GetProperty("stats").GetProperty("belowConfidence").GetInt32(), Is.EqualTo(1));
            Assert.That(low.ExitCode, Is.EqualTo(1), low.ToString());
            var f = Findings(low).Single();
            Assert.That(f.GetProperty("confidence").GetString(), Is.EqualTo("low"));
            Assert.That(f.GetProperty("confidenceReason").GetString(), Does.Contain("documentation"));
        });
    }

    [Test]
    public void BadMinConfidence_ExitsTwoWithAClearMessage()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "--min-confidence", "sure");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain("--min-confidence"));
            Assert.That(r.Stderr, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public void BrowserServedFile_SaysSoInEveryFormat()
    {
        using var dir = new TempDirectory();
        string key = FakeSecrets.StripeLiveKey();
        dir.File("public/js/checkout.js", $"const stripe = Stripe(\"{key}\");\n");
        var json = CliRunner.Secretscan(dir.Path, "dir", ".", "--no-config", "-f", "json");
        var text = CliRunner.Secretscan(dir.Path, "dir", ".", "--no-config");
        var sarif = CliRunner.Secretscan(dir.Path, "dir", ".", "--no-config", "-f", "sarif");
        var junit = CliRunner.Secretscan(dir.Path, "dir", ".", "--no-config", "-f", "junit");
        Assert.Multiple(() =>
        {
            var f = Findings(json).Single();
            Assert.That(f.GetProperty("exposure").GetString(), Does.Contain("served to browsers"));
            Assert.That(f.GetProperty("confidence").GetString(), Is.EqualTo("high"));
            Assert.That(text.Stdout, Does.Contain("public:").And.Contain("Urgent:").And.Contain("high confidence"));
            var props = JsonDocument.Parse(sarif.Stdout).RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("properties");
            Assert.That(props.GetProperty("confidence").GetString(), Is.EqualTo("high"));
            Assert.That(props.GetProperty("exposure").GetString(), Does.Contain("served to browsers"));
            Assert.That(junit.Stdout, Does.Contain("Confidence: high").And.Contain("public to every visitor"));
            foreach (var r in new[] { json, text, sarif, junit }) Assert.That(r.Stdout, Does.Not.Contain(key[8..]));
        });
    }

    [Test]
    public void SameSecretOnManyLines_IsOneFindingWithACount_AndARulesFindingsAreGroupedPerFile()
    {
        using var dir = new TempDirectory();
        string repeated = Password(), other = Password();
        dir.File("deploy/run.sh", $"export DB_PASSWORD='{repeated}'\nexport DB_PASSWORD='{repeated}'\nexport DB_PASSWORD='{repeated}'\nexport ADMIN_PASSWORD='{other}'\n");
        var json = CliRunner.Secretscan(dir.Path, "dir", ".", "--no-config", "-f", "json");
        var text = CliRunner.Secretscan(dir.Path, "dir", ".", "--no-config");
        Assert.Multiple(() =>
        {
            var findings = Findings(json);
            Assert.That(findings, Has.Count.EqualTo(2), json.ToString());
            Assert.That(findings[0].GetProperty("occurrences").GetInt32(), Is.EqualTo(3));
            Assert.That(findings[1].TryGetProperty("occurrences", out _), Is.False);
            Assert.That(text.Stdout, Does.Contain("Finding 1:").And.Not.Contain("Finding 2:"), "one block for the rule in the file");
            Assert.That(text.Stdout, Does.Contain("repeated 2 more time(s) in this file"));
        });
    }
}
