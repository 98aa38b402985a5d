using SecretScan.Core;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Core;

public class ConfidenceTests
{
    private static Rule MakeRule(string precision, bool generic = false, string? checksum = null) =>
        new("conf-test", @"(?<secret>x)", ["xxx"], new RotationGuide { Url = "https://example.com/r", Steps = ["Rotate."], Update = ["Everywhere"] })
        {
            Precision = precision, Generic = generic, Checksum = checksum,
        };

    private static Finding MakeFinding(Rule rule, string path, string secret, Provenance? provenance = null) => new()
    {
        Rule = rule,
        Location = new Location(path, 3, 5, 3, 5 + secret.Length, 40, 40 + secret.Length),
        Provenance = provenance ?? new FileProvenance("/x/" + path),
        Secret = new Secret(secret),
        Fingerprint = Fingerprint.Of(rule.Id, new Secret(secret)),
    };

    private static string RandomValue() => FakeSecrets.Random("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 24);

    [TestCase("very-high", ExpectedResult = Confidence.High)]
    [TestCase("high", ExpectedResult = Confidence.High)]
    [TestCase("medium", ExpectedResult = Confidence.Medium)]
    [TestCase("low", ExpectedResult = Confidence.Low)]
    public Confidence Confidence_StartsFromThePrecision(string precision) =>
        FindingAssessor.Assess(MakeFinding(MakeRule(precision), "src/app.py", RandomValue())).Confidence;

    [Test]
    public void Checksum_MakesItHigh() =>
        Assert.That(FindingAssessor.Assess(MakeFinding(MakeRule("medium", checksum: "github-crc32"), "src/app.py", RandomValue())).Confidence, Is.EqualTo(Confidence.High));

    [Test]
    public void DictionaryWords_MakeAGenericFindingLow()
    {
        Finding f = FindingAssessor.Assess(MakeFinding(MakeRule("medium", generic: true), "config/app.yaml", "correcthorsebatterystaple"));
        Assert.Multiple(() =>
        {
            Assert.That(f.Confidence, Is.EqualTo(Confidence.Low));
            Assert.That(f.ConfidenceReason, Does.Contain("dictionary words"));
        });
    }

    [Test]
    public void RandomValue_IsNotWordy() => Assert.That(WordScore.Of(RandomValue()), Is.LessThan(FindingAssessor.WordyValue));

    [TestCase("docs/setup.md", "documentation")]
    [TestCase("README.md", "documentation")]
    [TestCase("examples/client.py", "example")]
    [TestCase("tests/fixtures/users.json", "test")]
    [TestCase("config/.env.example", "example")]
    [TestCase("deploy/values.sample", "example")]
    [TestCase("k8s/secret.yaml.template", "template")]
    public void Context_LowersOneLevel_WithTheReason(string path, string reason)
    {
        Finding f = FindingAssessor.Assess(MakeFinding(MakeRule("high"), path, RandomValue()));
        Assert.Multiple(() =>
        {
            Assert.That(f.Confidence, Is.EqualTo(Confidence.Medium));
            Assert.That(f.ConfidenceReason, Does.Contain(reason));
        });
    }

    [TestCase("public/index.js", false)]
    [TestCase("site/static/app.js", false)]
    [TestCase("dist/bundle.js", false)]
    [TestCase("src/Web/wwwroot/js/site.js", false)]
    [TestCase("index.html", false)]
    [TestCase("wp-content/plugins/acme-maps/acme-maps.php", false)]
    [TestCase("src/components/Map.tsx", true)]
    public void BrowserServedFiles_SaySo(string path, bool readsPublicEnv) =>
        Assert.That(FindingAssessor.Assess(MakeFinding(MakeRule("high"), path, RandomValue()), readsPublicEnv).Exposure, Is.Not.Null);

    [Test]
    public void ServerCode_IsNotExposed() =>
        Assert.That(FindingAssessor.Assess(MakeFinding(MakeRule("high"), "src/components/Map.tsx", RandomValue()), readsPublicEnv: false).Exposure, Is.Null);

    [Test]
    public void SameSecretInOneFile_IsOneFindingWithACount()
    {
        Rule rule = MakeRule("high");
        string a = RandomValue(), b = RandomValue();
        var findings = new[]
        {
            MakeFinding(rule, "wp-config.php", a), MakeFinding(rule, "wp-config.php", a), MakeFinding(rule, "wp-config.php", a),
            MakeFinding(rule, "wp-config.php", b), MakeFinding(rule, "other.php", a),
        };
        var merged = FindingAssessor.Apply(findings, Confidence.Low, null, out int below);
        Assert.Multiple(() =>
        {
            Assert.That(merged, Has.Length.EqualTo(3));
            Assert.That(merged[0].RepeatedInFile, Is.EqualTo(2));
            Assert.That(merged.Skip(1).Select(f => f.RepeatedInFile), Is.All.EqualTo(0));
            Assert.That(below, Is.Zero);
        });
    }

    [Test]
    public void BelowTheMinimum_IsHeldBackAndCounted()
    {
        var findings = new[] { MakeFinding(MakeRule("low"), "a.py", RandomValue()), MakeFinding(MakeRule("high"), "b.py", RandomValue()) };
        var kept = FindingAssessor.Apply(findings, Confidence.Medium, null, out int below);
        Assert.Multiple(() =>
        {
            Assert.That(kept.Select(f => f.Location.Path), Is.EqualTo(new[] { "b.py" }));
            Assert.That(below, Is.EqualTo(1));
        });
    }

    [TestCase("high", true)]
    [TestCase("MEDIUM", true)]
    [TestCase("low", true)]
    [TestCase("2", false)]
    [TestCase("sure", false)]
    public void Names_Parse(string text, bool ok) => Assert.That(ConfidenceNames.TryParse(text, out _), Is.EqualTo(ok));
}
