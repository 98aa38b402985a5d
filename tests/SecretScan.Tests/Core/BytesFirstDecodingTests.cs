using System.Text;
using SecretScan.Core;
using SecretScan.Rules;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Core;

/// <summary>
/// The decoder stage finds its candidate spans in the raw bytes of ASCII content and widens only those spans to text.
/// These tests pin that this changes nothing a user sees (every fixture file gives the same findings from bytes as
/// from text, with the default rules) and that a file is not turned into text just because it holds encoded spans.
/// </summary>
public class BytesFirstDecodingTests
{
    private static readonly Lazy<RuleSet> DefaultRules = new(() =>
        new RuleSet(RuleLoader.Load(RuleLoader.DefaultFiles(), compile: true).Rules.Select(r => r.Rule)));

    private static readonly RotationGuide Guide = new() { Url = "https://example.com", Steps = ["Revoke."], Update = ["Env"] };

    private static RuleSet TokenRules() =>
        new([new Rule("test-token", @"\b(?<secret>tk_[A-Za-z0-9]{24})\b", ["tk_"], Guide) { Name = "Test token", Provider = "Test", MinEntropy = 3.0 }]);

    private static string Token() => "tk_" + FakeSecrets.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24);

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static string Spell(string s, string format) =>
        string.Concat(s.Select(c => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, (int)c)));

    private static Fragment FromBytes(byte[] bytes, string path) =>
        new(bytes, bytes.Length, latin1: false, pooled: false, path, new StdinProvenance());

    private static string Key(DetectionResult r) => string.Join("\n", r.Findings.Select(f =>
        $"{f.Rule.Id} {f.Location.StartLine}:{f.Location.StartColumn}-{f.Location.EndLine}:{f.Location.EndColumn} " +
        $"[{f.Location.StartOffset},{f.Location.EndOffset}) {f.Fingerprint} {f.LineHash} {string.Join("+", f.Decoded)}"));

    private static IEnumerable<string> FixtureFiles()
    {
        string root = Path.Combine(CliRunner.RepoRoot, "tests", "SecretScan.Tests", "Fixtures");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
    }

    [Test]
    public void EveryFixtureFile_GivesTheSameFindingsFromBytesAsFromText_DefaultRules()
    {
        var detector = new Detector(DefaultRules.Value);
        int files = 0, decoded = 0;
        string root = Path.Combine(CliRunner.RepoRoot, "tests", "SecretScan.Tests", "Fixtures");
        Assert.Multiple(() =>
        {
            foreach (string file in FixtureFiles())
            {
                byte[] bytes = File.ReadAllBytes(file);
                if (!System.Text.Unicode.Utf8.IsValid(bytes) || bytes.AsSpan().Contains((byte)0)) continue;
                string path = Path.GetRelativePath(root, file).Replace('\\', '/');
                string fromText = Key(detector.Detect(new Fragment(Encoding.UTF8.GetString(bytes), path, new StdinProvenance())));
                string fromBytes = Key(detector.Detect(FromBytes(bytes, path)));
                Assert.That(fromBytes, Is.EqualTo(fromText), path);
                files++;
                decoded += fromBytes.Split('\n').Count(l => l.Length > 0 && !l.EndsWith(' '));
            }
        });
        Assert.That(files, Is.GreaterThan(100), "the fixtures were found");
        Assert.That(decoded, Is.GreaterThanOrEqualTo(6), "the fixtures hold decoded findings, so the decoder's bytes path was exercised");
    }

    /// <summary>A file with every candidate kind, each spelling a token only decoding can see; <paramref name="wide"/> is put between them.</summary>
    private static string EveryCandidateKind(string wide)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 200; i++) sb.Append("static int handle_request_").Append(i).Append("(client *c) { return C_OK; }").Append(i % 50 == 0 ? wide : "").Append("\r\n");
        sb.Append("blob = ").Append(B64("auth=" + Token())).Append(wide).Append('\n');
        sb.Append(wide).Append("hex = ").Append(Convert.ToHexString(Encoding.ASCII.GetBytes("auth=" + Token()))).Append('\n');
        // Each of these spells the whole token in its encoding, so only decoding can see it.
        sb.Append("json = \"{\\\"key").Append(wide).Append("\\\":\\\"").Append(Spell(Token(), "\\u{0:x4}")).Append("\\\"}\"\n");
        sb.Append("xml = &lt;key&gt;").Append(Spell(Token(), "&#{0};")).Append("&lt;/key&gt;").Append(wide).Append('\n');
        sb.Append("url = https://h/?k=%22").Append(Spell(Token(), "%{0:X2}")).Append("%22&x=%41 ").Append(wide).Append(" %41 tail\n");
        sb.Append("nested = ").Append(B64("inner " + B64("auth=" + Token()))).Append('\n');
        sb.Append("plain = \\u0041\\x42 &#67; and noise SGVsbG8gd29ybGQgZnJvbSBhIHRlc3Q=\n");
        return sb.ToString();
    }

    private static void AssertSameFindingsAtEveryDepth(string text, byte[] bytes, bool latin1)
    {
        foreach (int depth in new[] { 0, 1, 2, 3 })
        {
            var detector = new Detector(TokenRules()) { MaxDecodeDepth = depth };
            string fromText = Key(detector.Detect(new Fragment(text, "f.txt", new StdinProvenance())));
            string fromBytes = Key(detector.Detect(new Fragment(bytes, bytes.Length, latin1, pooled: false, "f.txt", new StdinProvenance())));
            Assert.That(fromBytes, Is.EqualTo(fromText), $"depth {depth}");
            if (depth >= 2) Assert.That(fromBytes, Does.Contain("base64+base64").And.Contain("hex").And.Contain("escape").And.Contain("entities").And.Contain("percent"));
        }
    }

    [Test]
    public void AsciiFileWithEveryCandidateKind_SameFindingsFromBytes_AtEveryDepth()
    {
        string text = EveryCandidateKind("");
        AssertSameFindingsAtEveryDepth(text, Encoding.ASCII.GetBytes(text), latin1: false);
    }

    [TestCase("é")]
    [TestCase("€ ü")]
    [TestCase("😀")]
    public void NonAsciiUtf8FileWithEveryCandidateKind_SameFindingsFromBytes_AtEveryDepth(string wide)
    {
        // Two- three- and four-byte characters (the last is two UTF-16 units) before, inside and after the spans: the
        // byte offsets found by the prefilter and the shape test are mapped to the text's char offsets.
        string text = EveryCandidateKind(wide);
        AssertSameFindingsAtEveryDepth(text, Encoding.UTF8.GetBytes(text), latin1: false);
    }

    [Test]
    public void Latin1FileWithEveryCandidateKind_SameFindingsFromBytes_AtEveryDepth()
    {
        string text = EveryCandidateKind("\u00e9\u00fc");
        AssertSameFindingsAtEveryDepth(text, Encoding.Latin1.GetBytes(text), latin1: true);
    }

    [Test]
    public void InvalidUtf8File_FindsWhatItsText_Finds()
    {
        // A lone continuation byte becomes one replacement character: offsets cannot be mapped by counting, so the
        // text path is taken, and the findings are those of the decoded text.
        string text = EveryCandidateKind("");
        byte[] bytes = [.. Encoding.ASCII.GetBytes("x = 1 \x80\n"), .. Encoding.ASCII.GetBytes(text)];
        bytes[6] = 0x80;
        AssertSameFindingsAtEveryDepth(Encoding.UTF8.GetString(bytes), bytes, latin1: false);
    }

    [Test]
    public void AsciiFileWithEncodedSpansButNoSecret_IsNeverTurnedIntoText()
    {
        // Every span here passes the shape test and decodes (base64 and hex of prose, letter-spelling escapes,
        // entities, percent-escapes), so the old stage made text of the whole file; none holds a finding.
        string content = "const greeting = \"" + B64("hello there, this is only a greeting") + "\";\n"
            + "const hex = \"" + Convert.ToHexString(Encoding.ASCII.GetBytes("nothing to see in this string")) + "\";\n"
            + "const esc = \"\\u0041\\x42\"; // &#67; &amp; 100%25 %41%42\n";
        byte[] bytes = Encoding.ASCII.GetBytes(content);
        var fragment = FromBytes(bytes, "app.js");
        var result = new Detector(TokenRules()).Detect(fragment);
        Assert.Multiple(() =>
        {
            Assert.That(result.Findings, Is.Empty);
            Assert.That(global::SecretScan.Core.Decoding.ShapeTest.MayHide<byte>(bytes), Is.True, "the content does hold decodable spans");
            Assert.That(fragment.HasRawBytes, Is.True, "only the candidate spans were widened, not the file");
        });
    }

    [Test]
    public void NonAsciiUtf8_FindsEncodedTokens_AtUtf16Columns()
    {
        string token = Token();
        string text = $"// ünïcode before the span: € 😀\nblob = {B64("auth=" + token)}\n";
        var detector = new Detector(TokenRules());
        var fromBytes = detector.Detect(FromBytes(Encoding.UTF8.GetBytes(text), "f.txt"));
        var fromText = detector.Detect(new Fragment(text, "f.txt", new StdinProvenance()));
        Assert.Multiple(() =>
        {
            Assert.That(Key(fromBytes), Is.EqualTo(Key(fromText)));
            Assert.That(fromBytes.Findings.Single().Location.StartColumn, Is.EqualTo(8), "columns count UTF-16 units of the text, not bytes");
            Assert.That(fromBytes.Findings.Single().Secret.Reveal(), Is.EqualTo(token));
        });
    }

    [Test]
    public void ShapeTestMasks_ByNibbleLookup_EqualTheCompares_ForEveryByteValue()
    {
        for (int block = 0; block < 16; block++)
        {
            var v = System.Runtime.Intrinsics.Vector128.Create(Enumerable.Range(block * 16, 16).Select(b => (byte)b).ToArray());
            var fast = global::SecretScan.Core.Decoding.ShapeTest.Masks(v);
            var slow = global::SecretScan.Core.Decoding.ShapeTest.PortableMasks(v);
            Assert.That(fast, Is.EqualTo(slow), $"bytes {block * 16:X2}-{block * 16 + 15:X2}");
        }
        Assert.That(global::SecretScan.Core.Decoding.ShapeTest.PortableMasks(System.Runtime.Intrinsics.Vector128.Create("Ab+/-_09\\&%.\" é"u8.ToArray()[..16])).B64,
            Is.EqualTo(0xFFu), "the reference itself: eight base64 characters first");
    }

    [Test]
    public void ContainerNames_FoundByTheKeywordPass_AreWhereFiveSearchesFindThem()
    {
        string[] pieces = ["auth", "_", "=", " ", "\"", "Basic ", "Basi", "kind: Secret", "kind: Secre", "B", "k", "t", "h", "a", "x", "\n", "_auth", "\"auth"];
        var keywordPass = new RuleSet(new[] { "_auth", "basic", "kind", "auth\"" }.Select((k, i) => new Rule($"r{i}", "x", [k], new RotationGuide { Url = "https://example.com", Steps = ["Revoke."], Update = ["Env"] })));
        static bool FiveSearches(string s) => s.Contains("Basic ") || s.Contains("_auth=") || s.Contains("_auth =") || s.Contains("\"auth\"") || s.Contains("kind: Secret");
        var random = new Random(9);
        int found = 0;
        for (int n = 0; n < 20_000; n++)
        {
            var sb = new StringBuilder();
            int length = random.Next(0, 90);
            while (sb.Length < length) sb.Append(random.Next(3) == 0 ? pieces[random.Next(pieces.Length)] : new string('x', random.Next(1, 20)));
            string text = sb.ToString();
            bool expected = FiveSearches(text);
            found += expected ? 1 : 0;
            Assert.That(global::SecretScan.Core.Decoding.Containers.MayContain<byte>(Encoding.ASCII.GetBytes(text)), Is.EqualTo(expected), text);
            Assert.That(global::SecretScan.Core.Decoding.Containers.MayContain<char>(text.AsSpan()), Is.EqualTo(expected), text);
            // The keyword pass finds them too (a scan reads every byte once), beside keywords that share their start.
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            var markers = new List<int>();
            keywordPass.FindKeywordHits(bytes, (_, _, _) => { }, markers.Add);
            Assert.That(global::SecretScan.Core.Decoding.Containers.NamedAt<byte>(bytes, markers), Is.EqualTo(expected), "keyword pass: " + text);
            // And in decoded text, which the keyword pass reads as chars.
            var charMarkers = new List<int>();
            keywordPass.FindKeywordHits(text.AsSpan(), (_, _, _) => { }, charMarkers.Add);
            Assert.That(global::SecretScan.Core.Decoding.Containers.NamedAt(text.AsSpan(), charMarkers), Is.EqualTo(expected), "keyword pass over chars: " + text);
        }
        Assert.That(found, Is.InRange(1_000, 19_000), "both answers were exercised");
    }

    [Test]
    public void UserInfoContainers_TriedOnlyWhereAMatchCanStart_GiveWhatTheWholeFileScanGives()
    {
        // The characters after the value ('.', ';', ')', '-') end the windows the byte form matches on.
        var keywordPass = new RuleSet([new Rule("r", "x", ["authorization"], new RotationGuide { Url = "https://example.com", Steps = ["Revoke."], Update = ["Env"] })]);
        string[] pieces = ["Authorization:", "Authorization: Basic ", "authorization:", "BASIC ", "Basic ", "Basic", "x-Basic ", "_auth", "_auth = \"", "_auth=", "\"auth\"", "\"auth\": \"",
            "dXNlcjpwYXNz", "QUJD", "==", "=", " ", "\n", "\t", "\"", "-", "a", "auth", ".", ";", ")", "Basic Basic "];
        var random = new Random(13);
        int matched = 0;
        for (int n = 0; n < 20_000; n++)
        {
            var sb = new StringBuilder();
            int length = random.Next(0, 120);
            while (sb.Length < length) sb.Append(pieces[random.Next(pieces.Length)]);
            string text = sb.ToString();
            static string Show(IEnumerable<(string Name, int Start, int End)> found) => string.Join(";", found.Select(f => $"{f.Name}:{f.Start}-{f.End}"));
            string expected = Show(global::SecretScan.Core.Decoding.Containers.UserInfoReference(text)
                .Select(m => (m.Groups["name"].Value, m.Groups["value"].Index, m.Groups["value"].Index + m.Groups["value"].Length)));
            Assert.That(Show(global::SecretScan.Core.Decoding.Containers.UserInfoCandidates(text).Select(c => (c.NamedAs!, c.Start, c.End))), Is.EqualTo(expected), text);
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            Assert.That(Show(global::SecretScan.Core.Decoding.Containers.UserInfoCandidates(bytes).Select(c => (c.NamedAs!, c.Start, c.End))),
                Is.EqualTo(expected), "on windows of the bytes: " + text);
            // The starts as the keyword pass reports them (without regard to case, some twice).
            var markers = new List<int>();
            keywordPass.FindKeywordHits(bytes, (_, _, _) => { }, markers.Add);
            Assert.That(Show(global::SecretScan.Core.Decoding.Containers.UserInfoCandidates(bytes, markers).Select(c => (c.NamedAs!, c.Start, c.End))),
                Is.EqualTo(expected), "from the keyword pass's offsets: " + text);
            var charMarkers = new List<int>();
            keywordPass.FindKeywordHits(text.AsSpan(), (_, _, _) => { }, charMarkers.Add);
            Assert.That(Show(global::SecretScan.Core.Decoding.Containers.UserInfoCandidates(text, charMarkers).Select(c => (c.NamedAs!, c.Start, c.End))),
                Is.EqualTo(expected), "from the keyword pass's offsets in decoded text: " + text);
            matched += expected.Length > 0 ? 1 : 0;
        }
        Assert.That(matched, Is.InRange(1_000, 19_000), "both answers were exercised");
    }
}
