using System.Text;
using SecretScan.Core;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Core;

public class PrimitivesTests
{
    [TestCase("", 0.0)]
    [TestCase("aaaa", 0.0)]
    [TestCase("ab", 1.0)]
    [TestCase("abcd", 2.0)]
    public void Shannon_KnownStrings_GiveExactEntropy(string text, double expected) =>
        Assert.That(Entropy.Shannon(text), Is.EqualTo(expected).Within(1e-9));

    [Test]
    public void GitHubChecksum_GeneratedToken_Verifies()
    {
        string token = FakeSecrets.GitHubPat();
        Assert.That(Checksums.Verify("github-crc32", token), Is.True);
    }

    [Test]
    public void GitHubChecksum_OneCharacterChanged_Fails()
    {
        string token = FakeSecrets.GitHubPat();
        char c = token[10] == 'a' ? 'b' : 'a';
        string broken = token[..10] + c + token[11..];
        Assert.That(Checksums.Verify("github-crc32", broken), Is.False);
    }

    [Test]
    public void Secret_ToStringAndMasked_NeverContainTheValue()
    {
        var secret = new Secret("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        Assert.Multiple(() =>
        {
            Assert.That(secret.ToString(), Does.Not.Contain("efghijkl"));
            Assert.That(secret.Masked(), Does.StartWith("ghp_").And.Contains("****"));
            Assert.That($"{secret}", Is.EqualTo(secret.Masked()));
        });
    }

    [Test]
    public void Secret_ShortValue_ShowsAtMostAQuarter()
    {
        Assert.That(new Secret("abcdefgh").Masked(), Is.EqualTo("ab******"));
    }

    [Test]
    public void Secret_PemBlock_ShowsOnlyTheHeader()
    {
        var secret = new Secret("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----");
        Assert.That(secret.Masked(), Is.EqualTo("-----BEGIN RSA PRIVATE KEY----- ********"));
    }

    [TestCase(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i' }, "hi", DecodeOutcome.Text)]
    [TestCase(new byte[] { 0xFF, 0xFE, (byte)'h', 0, (byte)'i', 0 }, "hi", DecodeOutcome.Text)]
    [TestCase(new byte[] { 0xFE, 0xFF, 0, (byte)'h', 0, (byte)'i' }, "hi", DecodeOutcome.Text)]
    [TestCase(new byte[] { (byte)'a', 0, (byte)'b' }, "", DecodeOutcome.Binary)]
    [TestCase(new byte[] { (byte)'a', 0xE9, (byte)'b' }, "aéb", DecodeOutcome.InvalidUtf8)]
    public void Decode_Encodings_AreRecognised(byte[] bytes, string text, DecodeOutcome outcome)
    {
        var result = ContentDecoder.Decode(bytes);
        Assert.That((result.Text, result.Outcome), Is.EqualTo((text, outcome)));
    }

    [Test]
    public void Decode_Utf16WithBom_KeepsLineNumbersOfContent()
    {
        byte[] bytes = [.. new byte[] { 0xFF, 0xFE }, .. Encoding.Unicode.GetBytes("one\r\ntwo\r\nthree")];
        var fragment = new Fragment(ContentDecoder.Decode(bytes).Text, "f", new StdinProvenance());
        Assert.That(fragment.Position(fragment.Content.IndexOf("three", StringComparison.Ordinal)), Is.EqualTo((3, 1)));
    }

    [TestCase("*.lock", "a/b/yarn.lock", true)]
    [TestCase("*.lock", "yarn.lock", true)]
    [TestCase("docs/**", "docs/a/b.md", true)]
    [TestCase("docs", "docs/a.md", true)]
    [TestCase("docs/*.md", "src/docs/a.md", false)]
    [TestCase("**/fixtures/**", "tests/x/fixtures/a.json", true)]
    [TestCase("*.lock", "a/lockfile.txt", false)]
    public void PathFilter_Globs_MatchLikeGitignore(string glob, string path, bool expected) =>
        Assert.That(new PathFilter([glob]).Matches(path), Is.EqualTo(expected));

    [TestCase("key = x # secretscan:allow", "any-rule", true)]
    [TestCase("key = x // secretscan:allow aws-access-key-id", "aws-access-key-id", true)]
    [TestCase("key = x // secretscan:allow aws-access-key-id", "github-pat-classic", false)]
    [TestCase("key = x # gitleaks:allow", "any-rule", true)]
    [TestCase("key = x # secretscan:allowed", "any-rule", true)]
    [TestCase("key = x", "any-rule", false)]
    public void InlineMarker_Line_AllowsAsDocumented(string line, string ruleId, bool allowed) =>
        Assert.That(InlineMarkerFilter.LineAllows(line, ruleId), Is.EqualTo(allowed));

    [TestCase("sk-proj-xxxxxxxxxxxxxxxxxxxxxxxx", true)]
    [TestCase("${OPENAI_API_KEY}", true)]
    [TestCase("{{ secrets.token }}", true)]
    [TestCase("%(password)s", true)]
    [TestCase("<your-token>", true)]
    [TestCase("AKIAIOSFODNN7EXAMPLE", true)]
    [TestCase("aaaaaaaaaaaaaaaa", true)]
    [TestCase("1234567890abcdef", true)]
    [TestCase("Zq8Xw7Cv6Bn5Mm4Ll3Kk", false)]
    [TestCase("bar%2F", true)]
    [TestCase("bar%25bar", true)]
    [TestCase("asdfqwer1234asdf", true)]
    [TestCase("Foo-Bar_Baz", true)]
    [TestCase("foobarQ7", false)]
    [TestCase("barnacle", false)]
    public void Placeholders_Values_AreRecognised(string value, bool placeholder) =>
        Assert.That(Placeholders.IsPlaceholder(value), Is.EqualTo(placeholder));
}
