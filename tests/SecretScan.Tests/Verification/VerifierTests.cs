using System.Collections.Immutable;
using SecretScan.Core;
using SecretScan.Tests.Reporting;
using SecretScan.Tests.Support;
using SecretScan.Verification;
using static SecretScan.Tests.Support.ProviderImpersonator;

namespace SecretScan.Tests.Verification;

/// <summary>The verification stage in process, against a loopback impersonator: statuses, safety rules, cache, limits.</summary>
[CancelAfter(60_000)]
public sealed class VerifierTests
{
    private static Rule RuleWith(VerifySpec spec, string id = "test-token") =>
        new(id, @"\b(?<secret>tok_[a-z0-9]{16})\b", ["tok_"], Reports.TokenRule().Rotation) { Name = "Test API token", Provider = "Test", Verify = spec };

    private static VerifySpec Bearer(string url = "https://api.test-provider.example/v1/me") =>
        new() { Method = "GET", Url = url, Headers = ImmutableDictionary<string, string>.Empty.Add("Authorization", "Bearer {secret}") };

    private static string Token() => "tok_" + FakeSecrets.Random("abcdefghijklmnopqrstuvwxyz0123456789", 16);

    private static Finding FindingOf(Rule rule, string secret, string path = "app.env", int line = 1) =>
        Reports.Finding(rule, path, new string('\n', line - 1) + $"TOKEN={secret}\n", secret, new FileProvenance("/p/" + path));

    private static FindingVerifier Verifier(ProviderImpersonator server, double timeoutSeconds = 5, int intervalMs = 0) =>
        new(new VerifierOptions
        {
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            PerHostInterval = TimeSpan.FromMilliseconds(intervalMs),
            HostOverrides = LoopbackOverride.Parse($"*=127.0.0.1:{server.Port}"),
        });

    private static VerificationResult VerifyOne(ProviderImpersonator server, VerifySpec spec, string secret, double timeoutSeconds = 5)
    {
        using var verifier = Verifier(server, timeoutSeconds);
        return verifier.VerifyAsync([FindingOf(RuleWith(spec), secret)], CancellationToken.None).GetAwaiter().GetResult().Single().Verification!;
    }

    [TestCase(200, VerificationStatus.Live)]
    [TestCase(401, VerificationStatus.Invalid)]
    [TestCase(429, VerificationStatus.Quota)]
    [TestCase(403, VerificationStatus.Restricted)]
    [TestCase(503, VerificationStatus.Unknown)]
    [TestCase(418, VerificationStatus.Unknown)]
    public void StatusCode_MapsToStatus(int code, VerificationStatus expected)
    {
        using var server = new ProviderImpersonator(_ => new Reply(code));
        string secret = Token();
        VerificationResult result = VerifyOne(server, Bearer(), secret);
        Assert.That(result.Status, Is.EqualTo(expected), result.ToString());
        Assert.That(result.Reason, Does.Contain(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Host, Is.EqualTo("api.test-provider.example"), "the Host header names the provider, not the loopback");
            Assert.That(request.Target, Is.EqualTo("/v1/me"));
            Assert.That(request.Header("Authorization"), Is.EqualTo("Bearer " + secret));
        });
    }

    [Test]
    public void BodyPatterns_200WithOkFalse_IsInvalid_AndUnexpectedBody_IsUnknown()
    {
        var spec = Bearer() with { Method = "POST", LiveBody = "\"ok\"\\s*:\\s*true", InvalidBody = "\"error\"\\s*:\\s*\"invalid_auth\"" };
        using var server = new ProviderImpersonator(r => r.Header("Authorization").EndsWith('a')
            ? new Reply(200, "{\"ok\":false,\"error\":\"invalid_auth\"}")
            : new Reply(200, "<html>captive portal</html>"));
        string dead = Token()[..^1] + "a", odd = Token()[..^1] + "b";
        Assert.Multiple(() =>
        {
            Assert.That(VerifyOne(server, spec, dead).Status, Is.EqualTo(VerificationStatus.Invalid));
            VerificationResult unknown = VerifyOne(server, spec, odd);
            Assert.That(unknown.Status, Is.EqualTo(VerificationStatus.Unknown));
            Assert.That(unknown.Reason, Does.Contain("does not look like"));
        });
    }

    [Test]
    public void SlowProvider_TimesOut_AsUnknownWithReason()
    {
        using var server = new ProviderImpersonator(_ => new Slow(TimeSpan.FromSeconds(10)));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        VerificationResult result = VerifyOne(server, Bearer(), Token(), timeoutSeconds: 0.5);
        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(VerificationStatus.Unknown));
            Assert.That(result.Reason, Does.Contain("no answer within 0.5 s"));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the timeout bounds the wait");
        });
    }

    [Test]
    public void GarbageAnswer_IsUnknown_AndTheReasonNeverHoldsTheSecret()
    {
        using var server = new ProviderImpersonator(_ => new Garbage("SSH-2.0-OpenSSH_9.6\r\nnot http at all\r\n"));
        string secret = Token();
        // The secret sits in the URL path, as Telegram's does, so an exception that quotes the URL would leak it.
        VerificationResult result = VerifyOne(server, new VerifySpec { Method = "GET", Url = "https://api.test-provider.example/bot{secret}/getMe" }, secret);
        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(VerificationStatus.Unknown));
            Assert.That(result.Reason, Does.StartWith("network error"));
            Assert.That(result.Reason, Does.Not.Contain(secret[4..]));
        });
    }

    [Test]
    public void RedirectToAnotherHost_IsNotFollowed()
    {
        using var server = new ProviderImpersonator(r => r.Host == "api.test-provider.example"
            ? Redirect("https://collector.attacker.example/steal")
            : new Reply(200));
        VerificationResult result = VerifyOne(server, Bearer(), Token());
        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(VerificationStatus.Unknown));
            Assert.That(result.Reason, Does.Contain("another host").And.Contain("collector.attacker.example"));
            Assert.That(server.Requests.Select(r => r.Host), Is.EqualTo(new[] { "api.test-provider.example" }), "nothing was sent to the other host");
        });
    }

    [Test]
    public void RedirectToHttp_OnTheSameHost_IsNotFollowed()
    {
        using var server = new ProviderImpersonator(_ => Redirect("http://api.test-provider.example/v1/me"));
        VerificationResult result = VerifyOne(server, Bearer(), Token());
        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Unknown));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void RedirectOnTheSameHost_IsFollowed()
    {
        using var server = new ProviderImpersonator(r => r.Target == "/v1/me" ? Redirect("/v2/me", 301) : new Reply(200));
        VerificationResult result = VerifyOne(server, Bearer(), Token());
        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Live), result.ToString());
        Assert.That(server.Requests.Select(r => r.Target), Is.EqualTo(new[] { "/v1/me", "/v2/me" }));
    }

    [Test]
    public void SameSecretTwice_IsCheckedOnce()
    {
        using var server = new ProviderImpersonator(_ => new Reply(200));
        using var verifier = Verifier(server);
        Rule rule = RuleWith(Bearer());
        string secret = Token();
        var results = verifier.VerifyAsync([FindingOf(rule, secret, "a.env"), FindingOf(rule, secret, "b.env"), FindingOf(rule, Token(), "c.env")],
            CancellationToken.None).GetAwaiter().GetResult();
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(f => f.Verification!.Status), Is.All.EqualTo(VerificationStatus.Live));
            Assert.That(server.Requests, Has.Count.EqualTo(2), "one request per unique secret");
            Assert.That(verifier.RequestsSent, Is.EqualTo(2));
        });
    }

    [Test]
    public void OneHost_SeesRequestsAtLeastTheIntervalApart()
    {
        using var server = new ProviderImpersonator(_ => new Reply(200));
        using var verifier = Verifier(server, intervalMs: 300);
        Rule rule = RuleWith(Bearer());
        verifier.VerifyAsync([.. Enumerable.Range(1, 4).Select(i => FindingOf(rule, Token(), $"{i}.env"))], CancellationToken.None).GetAwaiter().GetResult();
        var times = server.Requests.Select(r => r.At).Order().ToList();
        Assert.That(times, Has.Count.EqualTo(4));
        for (int i = 1; i < times.Count; i++)
            Assert.That(times[i] - times[i - 1], Is.GreaterThan(TimeSpan.FromMilliseconds(250)), $"requests {i} and {i + 1}");
    }

    [Test]
    public void NoVerifier_IsNotChecked_AndSendsNothing()
    {
        using var server = new ProviderImpersonator(_ => new Reply(200));
        using var verifier = Verifier(server);
        var f = FindingOf(Reports.TokenRule(), Token());
        var result = verifier.VerifyAsync([f], CancellationToken.None).GetAwaiter().GetResult().Single().Verification!;
        Assert.That(result.Status, Is.EqualTo(VerificationStatus.NotChecked));
        Assert.That(result.StatusName, Is.EqualTo("not-checked"));
        Assert.That(server.Requests, Is.Empty);
    }

    [Test]
    public void AwsPair_IsSignedWithTheNearestKeyIdInTheSameFile_AndTheKeyIdSharesTheAnswer()
    {
        using var server = new ProviderImpersonator(r => r.Header("Authorization").StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal)
            ? new Reply(200, "<GetCallerIdentityResponse><Arn>arn:aws:iam::000000000000:user/test</Arn></GetCallerIdentityResponse>")
            : new Reply(400));
        var idRule = new Rule("aws-access-key-id", @"\b(?<secret>AKIA[A-Z2-7]{16})\b", ["AKIA"], Reports.TokenRule().Rotation) { Name = "AWS access key ID" };
        var spec = new VerifySpec { Method = "GET", Url = "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15", Signer = "aws-sigv4", Pair = ["aws-access-key-id"], Invalid = [401, 403] };
        var secretRule = new Rule("aws-secret-access-key", "x", ["x"], Reports.TokenRule().Rotation) { Name = "AWS secret access key", Verify = spec };
        string near = FakeSecrets.AwsAccessKeyId(), far = FakeSecrets.AwsAccessKeyId(), other = FakeSecrets.AwsAccessKeyId(), secret = VerifySecrets.AwsSecret();
        Finding Make(Rule rule, string value, string path, int line) =>
            Reports.Finding(rule, path, new string('\n', line - 1) + value + "\n", value, new FileProvenance("/p/" + path));
        Finding[] findings = [Make(idRule, far, "creds", 1), Make(idRule, near, "creds", 9), Make(secretRule, secret, "creds", 10), Make(idRule, other, "elsewhere", 10)];

        using var verifier = Verifier(server);
        var results = verifier.VerifyAsync(findings, CancellationToken.None).GetAwaiter().GetResult();

        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Host, Is.EqualTo("sts.amazonaws.com"));
            Assert.That(request.Target, Is.EqualTo("/?Action=GetCallerIdentity&Version=2011-06-15"));
            Assert.That(request.Header("Authorization"), Does.Match($"^AWS4-HMAC-SHA256 Credential={near}/\\d{{8}}/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{{64}}$"));
            Assert.That(request.Header("Authorization"), Does.Not.Contain(secret), "the secret key only signs, it is never sent");
            Assert.That(request.Header("X-Amz-Date"), Does.Match(@"^\d{8}T\d{6}Z$"));
            Assert.That(results[2].Verification!.Status, Is.EqualTo(VerificationStatus.Live));
            Assert.That(results[1].Verification!.Status, Is.EqualTo(VerificationStatus.Live), "the key id it was paired with shares the answer");
            Assert.That(results[0].Verification!.Status, Is.EqualTo(VerificationStatus.NotChecked));
            Assert.That(results[3].Verification!.Status, Is.EqualTo(VerificationStatus.NotChecked));
        });
    }

    [Test]
    public void AwsSecretWithoutKeyId_IsNotChecked_AndSendsNothing()
    {
        using var server = new ProviderImpersonator(_ => new Reply(200));
        var spec = new VerifySpec { Method = "GET", Url = "https://sts.amazonaws.com/", Signer = "aws-sigv4", Pair = ["aws-access-key-id"] };
        VerificationResult result = VerifyOne(server, spec, Token());
        Assert.That(result.Status, Is.EqualTo(VerificationStatus.NotChecked));
        Assert.That(result.Reason, Does.Contain("aws-access-key-id"));
        Assert.That(server.Requests, Is.Empty);
    }

    [Test]
    public void BasicAndJsonBody_AreFilledAndEscaped()
    {
        using var server = new ProviderImpersonator(_ => new Reply(200));
        var spec = new VerifySpec { Method = "POST", Url = "https://api.test-provider.example/graphql", Basic = ("api", "{secret}"), Body = "{\"query\":\"{ me }\",\"key\":\"{secret}\"}" };
        string secret = Token();
        VerifyOne(server, spec, secret);
        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Header("Authorization"), Is.EqualTo("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("api:" + secret))));
            Assert.That(request.Body, Is.EqualTo($"{{\"query\":\"{{ me }}\",\"key\":\"{secret}\"}}"));
            Assert.That(request.Header("Content-Type"), Does.StartWith("application/json"));
        });
    }
}

/// <summary>The request builder's own guarantees, without any network.</summary>
public sealed class VerificationRequestTests
{
    [Test]
    public void ASecretThatLooksLikeAHost_CannotMoveTheRequest()
    {
        var spec = new VerifySpec { Method = "GET", Url = "https://api.test-provider.example/check/{secret}" };
        var (request, problem) = VerificationRequest.Build(spec, new Secret("x@evil.example/../../y?z#w"), null);
        Assert.That(problem, Is.Null);
        Assert.That(request!.Url.Host, Is.EqualTo("api.test-provider.example"));
        Assert.That(request.Url.AbsolutePath, Does.StartWith("/check/x%40evil.example"));
    }

    [Test]
    public void ALineBreakInAHeaderValue_IsRefused()
    {
        var spec = new VerifySpec { Method = "GET", Url = "https://api.test-provider.example/", Headers = ImmutableDictionary<string, string>.Empty.Add("X-Key", "{secret}") };
        var (request, problem) = VerificationRequest.Build(spec, new Secret("abc\r\nHost: evil.example"), null);
        Assert.That(request, Is.Null);
        Assert.That(problem, Does.Contain("line break"));
    }

    [Test]
    public void AnUnknownGroup_IsAProblem_NotAnEmptyValue()
    {
        var spec = new VerifySpec { Method = "GET", Url = "https://api.test-provider.example/{group:account}" };
        var (request, problem) = VerificationRequest.Build(spec, new Secret("abc"), null);
        Assert.That(request, Is.Null);
        Assert.That(problem, Does.Contain("{group:account}"));
    }

    [Test]
    public void Telegram_KeepsTheColonOfTheBotToken()
    {
        var spec = new VerifySpec { Method = "GET", Url = "https://api.telegram.org/bot{secret}/getMe" };
        string token = VerifySecrets.Telegram();
        var (request, _) = VerificationRequest.Build(spec, new Secret(token), null);
        Assert.That(request!.Url.AbsolutePath, Is.EqualTo($"/bot{token}/getMe"));
    }
}

/// <summary>The test-only override is safe: it needs its guard and only ever points at loopback.</summary>
public sealed class LoopbackOverrideTests
{
    [Test]
    public void WithoutTheGuard_TheHostsAreIgnored()
    {
        var env = new Dictionary<string, string?> { [LoopbackOverride.HostsVariable] = "*=127.0.0.1:5000" };
        Assert.That(LoopbackOverride.FromEnvironment(n => env.GetValueOrDefault(n)), Is.Empty);
        env[LoopbackOverride.GuardVariable] = "yes";
        Assert.That(LoopbackOverride.FromEnvironment(n => env.GetValueOrDefault(n)), Is.Empty, "only the exact guard value enables it");
        env[LoopbackOverride.GuardVariable] = LoopbackOverride.GuardValue;
        Assert.That(LoopbackOverride.FromEnvironment(n => env.GetValueOrDefault(n)), Has.Count.EqualTo(1));
    }

    [TestCase("*=203.0.113.7:443")]
    [TestCase("api.openai.com=10.0.0.1:80")]
    [TestCase("api.openai.com=localhost:80")]
    [TestCase("api.openai.com")]
    public void ATargetThatIsNotLoopback_IsRefused(string value) =>
        Assert.That(() => LoopbackOverride.Parse(value), Throws.TypeOf<FormatException>());

    [Test]
    public void SpecificHostWinsOverTheWildcard()
    {
        var map = LoopbackOverride.Parse("*=127.0.0.1:5000, api.github.com=[::1]:5001");
        Assert.That(LoopbackOverride.For(map, "api.github.com")!.Port, Is.EqualTo(5001));
        Assert.That(LoopbackOverride.For(map, "slack.com")!.Port, Is.EqualTo(5000));
    }
}

/// <summary>SigV4 against the get-vanilla case of AWS's published signature test suite.</summary>
public sealed class AwsSigV4Tests
{
    // AWS's documented example credentials from that suite (not a key of anyone's).
    private const string ExampleKeyId = "AKIDEXAMPLE";
    private static readonly string ExampleSigningSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCY" + "EXAMPLEKEY"; // secretscan:allow: AWS's published test-suite example

    [Test]
    public void GetVanilla_MatchesThePublishedSignature()
    {
        var signed = AwsSigV4.Sign("GET", "example.amazonaws.com", "/", [], [], ExampleKeyId, ExampleSigningSecret, "us-east-1", "service",
            new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));
        Assert.That(signed.Authorization, Is.EqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
        Assert.That(signed.AmzDate, Is.EqualTo("20150830T123600Z"));
    }

    [TestCase("sts.amazonaws.com", "us-east-1", "sts")]
    [TestCase("sts.eu-west-1.amazonaws.com", "eu-west-1", "sts")]
    public void Scope_FromTheHost(string host, string region, string service) =>
        Assert.That(AwsSigV4.ScopeOf(host), Is.EqualTo((region, service)));

    [Test]
    public void Encode_IsRfc3986WithUpperCaseHex() =>
        Assert.That(AwsSigV4.Encode("a b/c~d=é"), Is.EqualTo("a%20b%2Fc~d%3D%C3%A9"));
}

/// <summary>The verify: block as rule files write it, and what the default rules carry.</summary>
public sealed class VerifyRuleTests
{
    /// <summary>The shared test rule with an open <c>verify:</c> block: a test appends the block's lines.</summary>
    private const string Head = TestRules.TestKeyRuleFile + "\n    verify:\n";

    [Test]
    public void SigV4WithoutPair_IsAnError()
    {
        var result = SecretScan.Rules.RuleLoader.Load([new("t.yaml", Head + "      method: GET\n      url: https://sts.amazonaws.com/\n      signer: aws-sigv4\n")], compile: true);
        Assert.That(result.Errors.Select(e => e.ToString()), Has.Some.Contains("needs 'pair'"));
    }

    [Test]
    public void BodyOnAGet_IsAnError()
    {
        var result = SecretScan.Rules.RuleLoader.Load([new("t.yaml", Head + "      method: GET\n      url: https://api.test-provider.example/\n      body: 'a={secret}'\n")], compile: true);
        Assert.That(result.Errors.Select(e => e.ToString()), Has.Some.Contains("only allowed with method POST"));
    }

    [Test]
    public void Pair_IsRead()
    {
        var result = SecretScan.Rules.RuleLoader.Load([new("t.yaml", Head + "      method: GET\n      url: https://sts.amazonaws.com/\n      signer: aws-sigv4\n      pair: [a-id, b-id]\n      restricted: []\n")], compile: true);
        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        var spec = result.Rules.Single().Rule.Verify!;
        Assert.That(spec.Pair, Is.EqualTo(new[] { "a-id", "b-id" }));
        Assert.That(spec.Restricted, Is.Empty);
    }

    [Test]
    public void DefaultRules_VerifyAtLeastTwentyProviders_AllOverHttpsWithReadOnlyMethods()
    {
        var rules = SecretScan.Rules.RuleLoader.Load(SecretScan.Rules.RuleLoader.DefaultFiles(), compile: false).Rules.Select(r => r.Rule).ToList();
        var verified = rules.Where(r => r.Verify is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(verified.Select(r => r.Provider).Distinct().Count(), Is.GreaterThanOrEqualTo(20));
            foreach (var r in verified)
            {
                Assert.That(r.Verify!.Url, Does.StartWith("https://"), r.Id);
                Assert.That(r.Verify.Method, Is.AnyOf("GET", "HEAD", "POST"), r.Id);
                Assert.That(r.Verify.Body is null || r.Verify.Method == "POST", r.Id + ": a body only on a read-only POST");
                Assert.That(r.Verify.Pair.All(p => rules.Any(o => o.Id == p)), r.Id + ": pair names existing rules");
            }
        });
    }
}
