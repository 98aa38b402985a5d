using SecretScan.Rules;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Rules;

public class RuleLoaderTests
{
    private const string Valid = TestRules.TestKeyRuleFile;

    private static RuleLoadResult Load(string text) => RuleLoader.Load([new RuleFileText("r.yaml", text)], compile: true);

    private static string[] Messages(string text) => [.. Load(text).Errors.Select(e => e.ToString())];

    [Test]
    public void Load_ValidFile_GivesOneRuleWithItsSettings()
    {
        var result = Load(Valid);
        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        var rule = result.Rules.Single().Rule;
        Assert.Multiple(() =>
        {
            Assert.That(rule.Id, Is.EqualTo("test-key"));
            Assert.That(rule.Provider, Is.EqualTo("Test"));
            Assert.That(rule.MinEntropy, Is.EqualTo(3.0));
            Assert.That(rule.Rotation.Url, Is.EqualTo("https://example.com/keys"));
        });
    }

    [Test]
    public void Load_ValidFile_PassesRuleCheck()
    {
        Assert.That(RuleChecker.Check(Load(Valid).Rules), Is.Empty);
    }

    [Test]
    public void Load_UnknownKey_ReportsItsPosition() =>
        Assert.That(Messages(Valid.Replace("    entropy: 3", "    entropy: 3\n    severty: high")),
            Has.Some.StartsWith("r.yaml:14:5: error: rule 'test-key': unknown key 'severty'"));

    [Test]
    public void Load_BadRegex_ReportsPatternPositionAndRuleId() =>
        Assert.That(Messages(Valid.Replace(@"'\b(?<secret>tk_[A-Za-z0-9]{20})\b'", "'(?<secret>tk_[unclosed'")),
            Has.Some.StartsWith("r.yaml:12:14: error: rule 'test-key': invalid regex"));

    [Test]
    public void Load_MissingRequiredField_IsReported() =>
        Assert.That(Messages(Valid.Replace("    name: Test key\n", "")),
            Has.Some.Contains("rule 'test-key': missing required key 'name'"));

    [Test]
    public void Load_DuplicateId_IsReportedWithFirstDefinition()
    {
        string twice = Valid + "\n" + Valid[Valid.IndexOf("  - id", StringComparison.Ordinal)..];
        Assert.That(Messages(twice), Has.Some.Contains("rule 'test-key': duplicate id (first defined in r.yaml:7)"));
    }

    [Test]
    public void Load_MalformedYaml_ReportsLineAndColumn()
    {
        string[] errors = Messages("provider: Test\nrules:\n  - id: 'unclosed\n    name: x\n");
        Assert.That(errors, Has.Length.EqualTo(1));
        Assert.That(errors[0], Does.Match(@"^r\.yaml:\d+:\d+: error: "));
    }

    [Test]
    public void Load_SeveralMistakes_AreAllReportedInOnePass()
    {
        string text = Valid.Replace("severity: high", "severity: severe").Replace("keywords: [tk_]", "keywords: [t]");
        Assert.That(Messages(text), Has.Length.EqualTo(2));
    }

    [Test]
    public void Check_ExampleThatDoesNotMatch_PointsAtTheExample()
    {
        var errors = RuleChecker.Check(Load(Valid.Replace("'b: tk_Zx8Cv7Bn6Mm5Ll4Kk3Jq'", "'b: tk_Zx8Cv7'")).Rules);
        Assert.That(errors.Select(e => e.ToString()), Has.Some.StartsWith("r.yaml:14:47: error: rule 'test-key': example does not match the pattern"));
    }

    [Test]
    public void Check_NegativeExampleThatMatches_IsReportedMasked()
    {
        var errors = RuleChecker.Check(Load(Valid.Replace("'tk_short'", "'tk_Qw9Er8Ty7Ui6Op5As4Df'")).Rules);
        Assert.That(errors.Select(e => e.ToString()), Has.Some.Contains("negative example is reported (secret tk_Q"));
        Assert.That(errors.Select(e => e.ToString()), Has.None.Contains("tk_Qw9Er8Ty7Ui6Op5As4Df"));
    }

    [Test]
    public void Load_RotationWithoutUpdate_IsAnError() =>
        Assert.That(Messages(Valid.Replace("  update: [Environment variables]\n", "")), Has.Some.Contains("a rotation guide needs 'update'"));

    [Test]
    public void Load_HttpRotationUrl_IsAnError() =>
        Assert.That(Messages(Valid.Replace("https://example.com/keys", "http://example.com/keys")), Has.Some.Contains("'url' must be an absolute https URL"));

    private static readonly string[] VerifyLines =
    [
        "method: GET",
        "url: https://api.example.com/v1/me?key={secret}",
        "headers: { Authorization: 'Bearer {secret}' }",
        "live: [200]",
        "invalid: [401, 404]",
        "live_body: '\"ok\":\\s*true'",
    ];

    /// <summary>The valid test rule with a <c>verify:</c> block made of <paramref name="lines"/>.</summary>
    private static string WithVerify(IEnumerable<string> lines) =>
        Valid.Replace("    entropy: 3", "    entropy: 3\n    verify:\n" + string.Join("\n", lines.Select(l => "      " + l)));

    [Test]
    public void Load_VerifyBlock_IsReadIntoTheRule()
    {
        var result = Load(WithVerify(VerifyLines));
        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        var verify = result.Rules.Single().Rule.Verify!;
        Assert.Multiple(() =>
        {
            Assert.That(verify.Method, Is.EqualTo("GET"));
            Assert.That(verify.Url, Is.EqualTo("https://api.example.com/v1/me?key={secret}"));
            Assert.That(verify.Headers["authorization"], Is.EqualTo("Bearer {secret}"));
            Assert.That(verify.Invalid, Is.EqualTo(new[] { 401, 404 }));
            Assert.That(verify.Quota, Is.EqualTo(new[] { 429 }));
            Assert.That(verify.LiveBody, Is.EqualTo("\"ok\":\\s*true"));
        });
    }

    [TestCase("method: DELETE", "'method' must be one of: GET, HEAD, POST")]
    [TestCase("url: http://api.example.com/v1/me", "'url' must be an absolute https URL")]
    [TestCase("url: https://{secret}.example.com/", "the host of 'url' must be fixed")]
    [TestCase("live: [200, 999]", "'live' must list HTTP status codes")]
    [TestCase("signer: magic", "unknown signer 'magic'")]
    [TestCase("follow: true", "unknown key 'follow' in a verify block")]
    public void Load_BadVerifyBlock_IsAnErrorOfTheRule(string line, string message)
    {
        string key = line[..line.IndexOf(':')];
        Assert.That(Messages(WithVerify([.. VerifyLines.Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal)), line])),
            Has.Some.Contains("rule 'test-key': " + message));
    }
}
