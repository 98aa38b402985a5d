using System.Text;
using SecretScan.Core;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Core;

/// <summary>
/// The detector with its decoder stage and its bytes-first prefilter: where decoded findings are reported, how
/// they are fingerprinted, the depth limit, and that content given as bytes gives exactly what text gives.
/// </summary>
public class DecodeStageTests
{
    private static readonly RotationGuide Guide = new() { Url = "https://example.com", Steps = ["Revoke."], Update = ["Env"] };

    private static Rule TokenRule() =>
        new("test-token", @"\b(?<secret>tk_[A-Za-z0-9]{24})\b", ["tk_"], Guide) { Name = "Test token", Provider = "Test", MinEntropy = 3.0 };

    private static string Token() => "tk_" + FakeSecrets.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24);

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static DetectionResult Detect(string content, int depth = Detector.DefaultMaxDecodeDepth) =>
        new Detector(new RuleSet([TokenRule()])) { MaxDecodeDepth = depth }.Detect(new Fragment(content, "f.txt", new StdinProvenance()));

    private static DetectionResult DetectBytes(byte[] bytes, bool latin1 = false, int depth = Detector.DefaultMaxDecodeDepth) =>
        new Detector(new RuleSet([TokenRule()])) { MaxDecodeDepth = depth }
            .Detect(new Fragment(bytes, bytes.Length, latin1, pooled: false, "f.txt", new StdinProvenance()));

    [Test]
    public void Base64EncodedToken_IsReportedAtTheEncodedSpan_WithItsChain()
    {
        string token = Token();
        string encoded = B64("auth=" + token);
        var f = Detect($"one\n  blob: {encoded}\n").Findings.Single();
        Assert.Multiple(() =>
        {
            Assert.That((f.Location.StartLine, f.Location.StartColumn, f.Location.EndLine, f.Location.EndColumn), Is.EqualTo((2, 9, 2, 8 + encoded.Length)));
            Assert.That(f.Decoded, Is.EqualTo(new[] { "base64" }));
            Assert.That(f.Secret.Reveal(), Is.EqualTo(token));
            Assert.That(f.Fingerprint, Is.EqualTo(Fingerprint.Of("test-token", new Secret(token))), "fingerprinted on the decoded secret");
        });
    }

    [Test]
    public void SameTokenPlainAndEncoded_IsOneSecret()
    {
        string token = Token();
        var plain = Detect($"key = {token}\n").Findings.Single();
        var encoded = Detect($"key = {B64("auth=" + token)}\n").Findings.Single();
        var both = Detect($"key = {token}\nother = {B64("auth=" + token)}\n").Findings;
        Assert.Multiple(() =>
        {
            Assert.That(encoded.Fingerprint, Is.EqualTo(plain.Fingerprint));
            Assert.That(both, Has.Count.EqualTo(1), "the decoded sighting of a secret already found plain adds nothing");
            Assert.That(both[0].Decoded, Is.Empty);
        });
    }

    [Test]
    public void EscapedJson_FindingPointsAtTheTokenItself()
    {
        string token = Token();
        string line = $"CONFIG=\"{{\\\"api\\\":{{\\\"key\\\":\\\"\\u0074k_{token[3..]}\\\"}}}}\"";
        var f = Detect(line + "\n").Findings.Single();
        int at = line.IndexOf("\\u0074", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(f.Decoded, Is.EqualTo(new[] { "escape" }));
            Assert.That(f.Location.StartColumn, Is.EqualTo(at + 1));
            Assert.That(f.Location.EndColumn, Is.EqualTo(at + 6 + token.Length - 1));
            Assert.That(f.Secret.Reveal(), Is.EqualTo(token));
        });
    }

    [Test]
    public void DepthLimit_BoundsNestedEncodings()
    {
        string token = Token();
        string twice = B64(B64("auth=" + token));
        string thrice = B64("x " + twice);
        Assert.Multiple(() =>
        {
            Assert.That(Detect($"v: {twice}\n").Findings.Single().Decoded, Is.EqualTo(new[] { "base64", "base64" }));
            Assert.That(Detect($"v: {twice}\n", depth: 1).Findings, Is.Empty);
            Assert.That(Detect($"v: {thrice}\n").Findings, Is.Empty, "three layers are past the default depth of 2");
            Assert.That(Detect($"v: {thrice}\n", depth: 3).Findings, Has.Count.EqualTo(1));
            Assert.That(Detect($"v: {B64("auth=" + token)}\n", depth: 0).Findings, Is.Empty, "depth 0 turns decoding off");
        });
    }

    [Test]
    public void KubernetesSecretData_ShortValueIsDecodedByName()
    {
        string manifest = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  user: " + B64("ci") + "\n  api: " + B64("tk_" + Token()[3..]) + "\n";
        var f = Detect(manifest).Findings.Single();
        Assert.That((f.Location.StartLine, f.Location.StartColumn), Is.EqualTo((7, 8)));
    }

    [Test]
    public void MalformedEncodings_NeverThrow_AndFindNothing()
    {
        string content = "x = SGVsbG8gd29ybGQhIQ===\ny = \"\\ud83d\\u12\"\nz = &#xD800;&quot\nw = %zz%4\nv: " + new string('A', 5000) + "\n";
        var result = Detect(content);
        Assert.Multiple(() =>
        {
            Assert.That(result.Findings, Is.Empty);
            Assert.That(result.Diagnostics, Is.Empty);
        });
    }

    [Test]
    public void Bytes_GiveTheSameFindingsAsText_AsciiUtf8AndLatin1()
    {
        string token = Token();
        string ascii = $"a\r\nkey = {token}\nblob = {B64("auth=" + Token())}\n";
        string utf8 = $"é€ 😀 = {token} // ünïcode\nblob = {B64("ü auth=" + Token())}\n";
        byte[] latin1 = [.. Encoding.Latin1.GetBytes("caf\u00e9 = "), .. Encoding.ASCII.GetBytes(token + "\n")];
        static string Key(DetectionResult r) => string.Join("|", r.Findings.Select(f =>
            $"{f.Rule.Id}:{f.Location.StartLine}:{f.Location.StartColumn}:{f.Location.EndLine}:{f.Location.EndColumn}:{f.Location.StartOffset}:{f.Fingerprint}:{f.LineHash}:{string.Join(",", f.Decoded)}"));
        Assert.Multiple(() =>
        {
            Assert.That(Key(DetectBytes(Encoding.UTF8.GetBytes(ascii))), Is.EqualTo(Key(Detect(ascii))).And.Contains("base64"));
            Assert.That(Key(DetectBytes(Encoding.UTF8.GetBytes(utf8))), Is.EqualTo(Key(Detect(utf8))).And.Contains("base64"));
            Assert.That(Key(DetectBytes(latin1, latin1: true)), Is.EqualTo(Key(Detect(Encoding.Latin1.GetString(latin1)))).And.Not.Empty);
        });
    }

    [Test]
    public void Bytes_WithoutKeywordOrCandidate_AreNeverTurnedIntoText()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("int main(void) { return printf(\"%d\\n\", 42); }\n");
        var fragment = new Fragment(bytes, bytes.Length, latin1: false, pooled: false, "m.c", new StdinProvenance());
        var result = new Detector(new RuleSet([TokenRule()])).Detect(fragment);
        Assert.Multiple(() =>
        {
            Assert.That(result.Findings, Is.Empty);
            Assert.That(fragment.HasRawBytes, Is.True);
        });
    }

    [Test]
    public void Context_PooledBytes_AreReleasedAfterTheScan_AndBinaryIsSniffed()
    {
        var context = new ScanContext();
        byte[] binary = new byte[20000];
        binary[100] = 1;
        Assert.That(context.Decode(binary, "b.bin", new StdinProvenance()), Is.Null);
        var made = context.Decode(Encoding.UTF8.GetBytes("key = " + Token()), "t.txt", new StdinProvenance())!;
        var unmade = context.Decode(Encoding.UTF8.GetBytes("key = " + Token()), "u.txt", new StdinProvenance())!;
        Assert.That(made.HasRawBytes && unmade.HasRawBytes, Is.True);
        _ = made.Content;
        made.Release();
        unmade.Release();
        Assert.Multiple(() =>
        {
            Assert.That(made.Content, Does.StartWith("key = tk_"), "text made while scanning survives the buffer going back to the pool");
            // Release does not make text nobody asked for (a copy of every scanned byte); asking afterwards is a bug, said so.
            Assert.That(() => unmade.Content, Throws.InvalidOperationException.With.Message.Contains("u.txt"));
            Assert.That(context.Diagnostics.Single().Code, Is.EqualTo(DiagnosticCodes.Binary));
        });
    }
}
