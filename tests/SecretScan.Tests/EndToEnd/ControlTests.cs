using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>Config file, allowlists, inline markers and baselines, through the real executable.</summary>
public class ControlTests
{
    private static JsonElement Json(CliRunner.Result r) => JsonDocument.Parse(r.Stdout).RootElement;

    private static int Findings(CliRunner.Result r) => Json(r).GetProperty("findings").GetArrayLength();

    private static int Suppressed(CliRunner.Result r, string stage) => Json(r).GetProperty("stats").GetProperty("suppressed").GetProperty(stage).GetInt32();

    private static CliRunner.Result Git(string dir, params string[] args) =>
        CliRunner.Run("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main", .. args], dir);

    [Test]
    public void InlineMarker_SuppressesAndIsCounted_UnlessDisabled()
    {
        using var dir = new TempDirectory();
        dir.File("a.py", $"token = '{FakeSecrets.GitHubPat()}'  # secretscan:allow\nkey = '{FakeSecrets.AwsAccessKeyId()}'  # gitleaks:allow\n");
        var normal = CliRunner.Secretscan(dir.Path, "dir", ".", "-f", "json");
        var audit = CliRunner.Secretscan(dir.Path, "dir", ".", "-f", "json", "--no-inline-allow");
        Assert.Multiple(() =>
        {
            Assert.That((normal.ExitCode, Findings(normal), Suppressed(normal, "inlineMarker")), Is.EqualTo((0, 0, 2)), normal.ToString());
            Assert.That((audit.ExitCode, Findings(audit)), Is.EqualTo((1, 2)));
        });
    }

    [Test]
    public void DetectSecretsPragmas_SuppressTheirLineOrTheNext_AndAreCounted()
    {
        using var dir = new TempDirectory();
        dir.File("a.py",
            $"token = '{FakeSecrets.GitHubPat()}'  # pragma: allowlist secret\n" +
            "# pragma: allowlist nextline secret\n" +
            $"key = '{FakeSecrets.AwsAccessKeyId()}'\n" +
            $"stripe = '{FakeSecrets.StripeLiveKey()}'\n");
        var result = CliRunner.Secretscan(dir.Path, "dir", ".", "-f", "json");
        Assert.That((result.ExitCode, Findings(result), Suppressed(result, "inlineMarker")), Is.EqualTo((1, 1, 2)),
            "the pragma covers its own line or only the next one, not the line after\n" + result);
    }

    [Test]
    public void InlineMarkerForOtherRule_DoesNotSuppress()
    {
        using var dir = new TempDirectory();
        dir.File("a.py", $"token = '{FakeSecrets.GitHubPat()}'  # secretscan:allow aws-access-key-id\n");
        Assert.That(Findings(CliRunner.Secretscan(dir.Path, "dir", ".", "-f", "json")), Is.EqualTo(1));
    }

    [Test]
    public void Config_AllowlistPathsSecretsLinesAndStopwords_SuppressAndCount()
    {
        using var dir = new TempDirectory();
        dir.File("fixtures/a.txt", FakeSecrets.GitHubPat());
        // A rule without a checksum: a GitHub token with TESTONLY spliced in fails its CRC and is never a candidate.
        dir.File("b.txt", "AKIA" + "TESTONLY" + FakeSecrets.AwsAccessKeyId()[12..]);
        dir.File("c.txt", $"// fake for tests\nkey = \"{FakeSecrets.AwsAccessKeyId()}\" // dummy-fixture\n");
        dir.File("d.txt", FakeSecrets.OpenAiProjectKey());
        dir.File(".secretscan.yaml", """
            allowlist:
              paths: [fixtures/**]
              secrets: ['^sk-proj-']
              lines: ['dummy-fixture']
              stopwords: [TESTONLY]
            """);
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "-f", "json");
        Assert.That((r.ExitCode, Findings(r), Suppressed(r, "allowlist")), Is.EqualTo((0, 0, 4)), r.ToString());
    }

    [Test]
    public void Config_DisableAndOverride_ChangeTheDefaultRules()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", $"{FakeSecrets.GitHubPat()}\n{FakeSecrets.AwsAccessKeyId()}\n");
        dir.File(".secretscan.yaml", """
            disable: [github-pat-classic]
            override:
              aws-access-key-id:
                severity: low
            """);
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "-f", "json");
        var f = Json(r).GetProperty("findings").EnumerateArray().Single();
        Assert.That((f.GetProperty("ruleId").GetString(), f.GetProperty("severity").GetString()), Is.EqualTo(("aws-access-key-id", "low")), r.ToString());
    }

    [Test]
    public void Config_InlineRuleAndDefaultFormat_AreUsed()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", "internal = acme_Zq8Xw7Cv6Bn5Mm4Ll3Kk9\n");
        dir.File(".secretscan.yaml", """
            rules:
              - id: acme-internal-token
                name: Acme internal token
                provider: Acme
                description: Token for Acme's internal API.
                severity: high
                keywords: [acme_]
                pattern: '\b(?<secret>acme_[A-Za-z0-9]{21})\b'
                examples: ['acme_Zq8Xw7Cv6Bn5Mm4Ll3Kk9x', 't = acme_Qw9Er8Ty7Ui6Op5As4Df3']
                negative_examples: ['acme_short', 'acme_xxxxxxxxxxxxxxxxxxxxx']
                rotation:
                  url: https://acme.example/tokens
                  steps: [Revoke it in the Acme console.]
                  update: [The ACME_TOKEN CI secret]
            options:
              format: json
            """);
        // Only a.txt: the config itself holds the rule's examples.
        var r = CliRunner.Secretscan(dir.Path, "dir", "a.txt");
        Assert.That(Json(r).GetProperty("findings").EnumerateArray().Single().GetProperty("ruleId").GetString(), Is.EqualTo("acme-internal-token"), r.ToString());
    }

    [Test]
    public void Config_Errors_ExitTwoWithPosition()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", FakeSecrets.GitHubPat());
        dir.File(".secretscan.yaml", "allowlist:\n  paths: [x]\n  secrets: ['(unclosed']\n  colour: red\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", ".");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain(".secretscan.yaml:4:3: error: unknown key 'colour'"));
            Assert.That(r.Stderr, Does.Contain(".secretscan.yaml:3:13: error: invalid regex"));
        });
    }

    [Test]
    public void NoConfig_IgnoresTheRepositoryConfig_ButHonoursAnExplicitOne()
    {
        using var dir = new TempDirectory();
        using var pipeline = new TempDirectory("pipeline");
        dir.File("a.txt", FakeSecrets.GitHubPat());
        dir.File(".secretscan.yaml", "allowlist:\n  paths: ['**']\n");
        string strict = pipeline.File("strict.yaml", "options:\n  format: json\n");
        var trusting = CliRunner.Secretscan(dir.Path, "dir", ".");
        var untrusted = CliRunner.Secretscan(dir.Path, "dir", ".", "--no-config", "--config", strict);
        Assert.Multiple(() =>
        {
            Assert.That(trusting.ExitCode, Is.EqualTo(0), trusting.ToString());
            Assert.That(untrusted.ExitCode, Is.EqualTo(1), untrusted.ToString());
            Assert.That(Findings(untrusted), Is.EqualTo(1));
        });
    }

    [Test]
    public void Baseline_Create_StoresHashesSortedAndNoSecrets()
    {
        using var dir = new TempDirectory();
        string a = FakeSecrets.GitHubPat(), b = FakeSecrets.AwsAccessKeyId();
        dir.File("z.txt", a);
        dir.File("y.txt", b);
        var created = CliRunner.Secretscan(dir.Path, "baseline", "create", "dir", ".");
        string text = File.ReadAllText(dir.Combine(".secretscan-baseline.json"));
        var paths = JsonDocument.Parse(text).RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(created.ExitCode, Is.EqualTo(0), created.ToString());
            Assert.That(paths, Is.EqualTo(new[] { "y.txt", "z.txt" }));
            Assert.That(text, Does.Not.Contain(a[4..]).And.Not.Contain(b[4..]));
            Assert.That(text, Does.Not.Contain("\"line\""));
        });
        var again = CliRunner.Secretscan(dir.Path, "baseline", "create", "dir", ".");
        Assert.That(File.ReadAllText(dir.Combine(".secretscan-baseline.json")), Is.EqualTo(text), again.ToString());
    }

    [Test]
    public void Baseline_StillSuppressesAfterARebaseMovesTheLine_AndReportsOnlyNewSecrets()
    {
        using var dir = new TempDirectory();
        string repo = dir.Path;
        Git(repo, "init", "-q");
        dir.File("app.cfg", "name = app\n");
        Git(repo, "add", "."); Git(repo, "commit", "-qm", "base");
        Git(repo, "checkout", "-qb", "feature");
        dir.File("app.cfg", $"name = app\ntoken = {FakeSecrets.GitHubPat()}\n");
        Git(repo, "commit", "-qam", "add token");
        var create = CliRunner.Secretscan(repo, "baseline", "create", "-o", "../" + Path.GetFileName(repo) + ".baseline.json", "dir", ".");
        string baseline = Path.Combine(repo, "..", Path.GetFileName(repo) + ".baseline.json");
        try
        {
            Assert.That(create.ExitCode, Is.EqualTo(0), create.ToString());
            Git(repo, "checkout", "-q", "main");
            dir.File("app.cfg", "# header\n# more header\nname = app\n");
            Git(repo, "commit", "-qam", "header");
            Git(repo, "checkout", "-q", "feature");
            var rebase = Git(repo, "rebase", "-q", "main");
            Assert.That(rebase.ExitCode, Is.EqualTo(0), rebase.ToString());
            Assert.That(File.ReadAllLines(dir.Combine("app.cfg"))[3], Does.StartWith("token = ghp_"), "the rebase moved the token to line 4");

            var after = CliRunner.Secretscan(repo, "dir", ".", "-f", "json", "--baseline", baseline);
            Assert.That((after.ExitCode, Suppressed(after, "baseline")), Is.EqualTo((0, 1)), after.ToString());

            File.AppendAllText(dir.Combine("app.cfg"), $"key = {FakeSecrets.AwsAccessKeyId()}\n");
            var newer = CliRunner.Secretscan(repo, "dir", ".", "-f", "json", "--baseline", baseline);
            Assert.That(Json(newer).GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()), Is.EqualTo(new[] { "aws-access-key-id" }));
        }
        finally { File.Delete(baseline); }
    }

    [Test]
    public void Baseline_ExpiredEntry_NoLongerSuppressesAndSaysSo()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", FakeSecrets.GitHubPat());
        CliRunner.Secretscan(dir.Path, "baseline", "create", "dir", ".");
        string path = dir.Combine(".secretscan-baseline.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"fingerprint\"", "\"expires\": \"2020-01-31\", \"reason\": \"test data\", \"fingerprint\""));
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "--baseline", ".secretscan-baseline.json");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
            Assert.That(r.Stderr, Does.Contain("expired on 2020-01-31"));
        });
    }

    [Test]
    public void Baseline_ReportUnused_ListsEntriesThatMatchNothing()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", FakeSecrets.GitHubPat());
        CliRunner.Secretscan(dir.Path, "baseline", "create", "dir", ".");
        File.WriteAllText(dir.Combine("a.txt"), "gone\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "--baseline", ".secretscan-baseline.json", "--report-unused");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
            Assert.That(r.Stderr, Does.Contain("a.txt: warning SS1302: baseline entry for rule 'github-pat-classic'"));
        });
    }

    [Test]
    public void Baseline_MalformedFile_ExitsTwoWithPosition()
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", "x");
        dir.File("b.json", "{\n  \"entries\": [ oops ]\n}\n");
        var r = CliRunner.Secretscan(dir.Path, "dir", ".", "--baseline", "b.json");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain("b.json:2:"));
        });
    }
}
