using SecretScan.Core;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Core;

public class DetectorTests
{
    private static readonly RotationGuide Guide = new() { Url = "https://example.com", Steps = ["Revoke."], Update = ["Env"] };

    private static Rule TokenRule(string id = "test-token", bool generic = false, double? entropy = 3.0, int window = 512) =>
        new(id, @"\b(?<secret>tk_[A-Za-z0-9]{24})\b", ["tk_"], Guide) { Name = "Test token", Provider = "Test", Generic = generic, MinEntropy = entropy, Window = window };

    private static DetectionResult Detect(string content, params Rule[] rules) =>
        new Detector(new RuleSet(rules)).Detect(new Fragment(content, "f.txt", new StdinProvenance()));

    private static string Token() => "tk_" + FakeSecrets.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24);

    [Test]
    public void Detect_TokenOnThirdLine_ReportsLineAndColumn()
    {
        string token = Token();
        var result = Detect($"a\nb\nkey = \"{token}\"\n", TokenRule());
        Assert.That(result.Findings, Has.Count.EqualTo(1));
        var loc = result.Findings[0].Location;
        Assert.Multiple(() =>
        {
            Assert.That((loc.StartLine, loc.StartColumn, loc.EndLine, loc.EndColumn), Is.EqualTo((3, 8, 3, 34)));
            Assert.That(result.Findings[0].Secret.Reveal(), Is.EqualTo(token));
        });
    }

    [Test]
    public void Detect_CrLfLineEndings_GiveSameLineAndColumnAsLf()
    {
        string token = Token();
        var lf = Detect($"x\ny\n  {token}\n", TokenRule()).Findings.Single().Location;
        var crlf = Detect($"x\r\ny\r\n  {token}\r\n", TokenRule()).Findings.Single().Location;
        Assert.That((crlf.StartLine, crlf.StartColumn, crlf.EndColumn), Is.EqualTo((lf.StartLine, lf.StartColumn, lf.EndColumn)));
    }

    [Test]
    public void Detect_NoKeyword_RunsNoRegexAndFindsNothing()
    {
        var result = Detect("nothing to see here\n", TokenRule());
        Assert.That(result.Findings, Is.Empty);
    }

    [Test]
    public void Detect_LowEntropySecret_IsNotReported()
    {
        var result = Detect("tk_abababababababababababab", TokenRule(entropy: 3.0));
        Assert.Multiple(() =>
        {
            Assert.That(result.Findings, Is.Empty);
            Assert.That(result.BelowEntropy, Is.EqualTo(1));
        });
    }

    [TestCase("tk_xxxxxxxxxxxxxxxxxxxxxxxx")]
    [TestCase("tk_YOUR_KEY_HERE_123456789A")]
    [TestCase("tk_EXAMPLEabcdefghijklmnopq")]
    public void Detect_Placeholder_IsCountedAsSuppressed(string value)
    {
        var rule = new Rule("ph", @"(?<secret>tk_[A-Za-z0-9_]{24})", ["tk_"], Guide);
        var result = Detect(value, rule);
        Assert.Multiple(() =>
        {
            Assert.That(result.Findings, Is.Empty);
            Assert.That(result.Suppressions.GetValueOrDefault(Stage.Placeholder), Is.EqualTo(1));
        });
    }

    [Test]
    public void Detect_SameTokenTwiceOnALine_ReportsBoth()
    {
        string a = Token(), b = Token();
        var result = Detect($"{a} {b}", TokenRule());
        Assert.That(result.Findings.Select(f => f.Secret.Reveal()), Is.EquivalentTo(new[] { a, b }));
    }

    [Test]
    public void Detect_ProviderAndGenericRuleOnSameText_KeepsOnlyProviderRule()
    {
        string token = Token();
        var generic = new Rule("generic-token", @"token\s*=\s*""(?<secret>[^""]{8,})""", ["token"], Guide) { Generic = true };
        var result = Detect($"token = \"{token}\"", TokenRule(), generic);
        Assert.That(result.Findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "test-token" }));
    }

    [Test]
    public void Detect_MatchBeyondWindow_IsNotFound()
    {
        // The keyword is far from where the secret would end: the window bounds the regex's reach.
        var rule = new Rule("far", @"marker[ ]*(?<secret>[A-Za-z0-9]{20})", ["marker"], Guide) { Window = 40 };
        var near = Detect("marker" + new string(' ', 10) + "Zq8Xw7Cv6Bn5Mm4Ll3Kk", rule);
        var far = Detect("marker" + new string(' ', 60) + "Zq8Xw7Cv6Bn5Mm4Ll3Kk", rule);
        Assert.Multiple(() =>
        {
            Assert.That(near.Findings, Has.Count.EqualTo(1));
            Assert.That(far.Findings, Is.Empty);
        });
    }

    [Test]
    public void Detect_HugeSingleLine_FindsTokenInTheMiddle()
    {
        string token = Token();
        string filler = string.Concat(Enumerable.Repeat("var a=function(b){return b+1};", 170_000));
        string content = filler + "k=\"" + token + "\";" + filler;
        var result = Detect(content, TokenRule());
        Assert.That(result.Findings.Single().Location.StartColumn, Is.EqualTo(filler.Length + 4));
    }

    [Test]
    public void Detect_FingerprintDependsOnRuleAndSecretOnly()
    {
        string token = Token();
        var a = Detect($"{token}", TokenRule()).Findings.Single();
        var b = Detect($"\n\n\n   {token}", TokenRule()).Findings.Single();
        var c = Detect($"{token}", TokenRule("other-rule")).Findings.Single();
        Assert.Multiple(() =>
        {
            Assert.That(b.Fingerprint, Is.EqualTo(a.Fingerprint));
            Assert.That(c.Fingerprint, Is.Not.EqualTo(a.Fingerprint));
        });
    }

    [Test]
    public void Detect_RuleAllowlistStopword_Suppresses()
    {
        var rule = new Rule("s", @"(?<secret>tk_[A-Za-z0-9]{24})", ["tk_"], Guide) { AllowStopwords = ["Qq9"] };
        var result = Detect("tk_abcQq9defghijklmnopqrstu", rule);
        Assert.That(result.Suppressions.GetValueOrDefault(Stage.RuleAllowlist), Is.EqualTo(1));
    }

    [Test]
    public void Detect_PathFilter_AppliesRuleOnlyToMatchingFiles()
    {
        var rule = TokenRule() with { Paths = new PathFilter(["*.env"]) };
        string token = Token();
        var inEnv = new Detector(new RuleSet([rule])).Detect(new Fragment(token, "config/prod.env", new StdinProvenance()));
        var inTxt = new Detector(new RuleSet([rule])).Detect(new Fragment(token, "notes.txt", new StdinProvenance()));
        Assert.Multiple(() =>
        {
            Assert.That(inEnv.Findings, Has.Count.EqualTo(1));
            Assert.That(inTxt.Findings, Is.Empty);
        });
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void FindKeywordHits_RandomText_FindsExactlyWhatANaiveSearchFinds(int seed)
    {
        string[] keywords = ["token", "TOKEN_x", "sk-proj-", "pwd", "password", "ghp_", "xox", "http://", "aws_secret"];
        var rules = keywords.Select((k, i) => new Rule($"r{i}", "x", [k], Guide)).ToArray();
        var set = new RuleSet(rules);
        var random = new Random(seed);
        // Mostly keyword pieces, case-mixed, with non-ASCII and separators: many near-misses and overlaps.
        string[] pieces = ["tok", "en", "TOKEN", "_x", "sk-", "proj-", "pw", "d", "PASS", "word", "gh", "p_", "x", "o", "http", "://", "é", "\u212A", " ", "\n", "aws_", "SECRET"];
        string text = string.Concat(Enumerable.Range(0, 20_000).Select(_ => pieces[random.Next(pieces.Length)]));
        var expected = new List<(int, int, int)>();
        for (int at = 0; at < text.Length; at++)
            for (int r = 0; r < keywords.Length; r++)
                if (text.AsSpan(at).StartsWith(keywords[r], StringComparison.OrdinalIgnoreCase)) expected.Add((r, at, keywords[r].Length));
        var actual = new List<(int, int, int)>();
        set.FindKeywordHits(text, (r, at, len) => actual.Add((r, at, len)));
        Assert.That(actual.Order(), Is.EqualTo(expected.Order()));
        Assert.That(expected, Has.Count.GreaterThan(100));

        // Over Latin-1 bytes (one byte per char, the Kelvin sign dropped) offsets are char offsets, so the byte
        // prefilter must find exactly the same hits.
        string latin = text.Replace("\u212A", "\u00E9");
        byte[] bytes = System.Text.Encoding.Latin1.GetBytes(latin);
        var fromText = new List<(int, int, int)>();
        set.FindKeywordHits(latin, (r, at, len) => fromText.Add((r, at, len)));
        var fromBytes = new List<(int, int, int)>();
        set.FindKeywordHits(bytes, (r, at, len) => fromBytes.Add((r, at, len)));
        Assert.That(fromBytes, Is.EqualTo(fromText));
    }

    [Test]
    public void FindKeywordHits_KeywordAtTheVeryEnd_IsFound()
    {
        var set = new RuleSet([new Rule("short", "x", ["pwd"], Guide), new Rule("long", "x", ["token"], Guide)]);
        foreach (string text in (string[])["pwd", "x PWD", "TOKEN", "a token", "a toke"])
        {
            var hits = new List<int>();
            set.FindKeywordHits(text, (r, _, _) => hits.Add(r));
            var byteHits = new List<int>();
            set.FindKeywordHits(System.Text.Encoding.ASCII.GetBytes(text), (r, _, _) => byteHits.Add(r));
            Assert.That(byteHits, Is.EqualTo(hits), text);
            Assert.That(hits, Has.Count.EqualTo(text.EndsWith("toke", StringComparison.Ordinal) ? 0 : 1), text);
        }
    }
}
