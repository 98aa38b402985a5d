using System.Text.RegularExpressions;
using SecretScan.Core;
using SecretScan.Remediation;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Remediation;

[TestFixture]
public sealed class ReplacementFileTests
{
    [Test]
    public void Content_OneLineSecret_IsALiteralLine()
    {
        string token = FakeSecrets.GitHubPat();
        Assert.That(ReplacementFile.Content([new Secret(token), new Secret(token)]), Is.EqualTo(token + "==>***REMOVED***\n"), "each text once");
    }

    [Test]
    public void Content_MultiLineKey_IsARegexThatMatchesExactlyIt()
    {
        string body = FakeSecrets.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64);
        string key = $"-----BEGIN OPENSSH PRIVATE KEY-----\r\n{body}\r\n-----END OPENSSH PRIVATE KEY-----";
        string line = ReplacementFile.Content([new Secret(key)]).TrimEnd('\n');

        Assert.That(line, Does.StartWith("regex:").And.EndWith("==>***REMOVED***"));
        Assert.That(line, Does.Not.Contain("\n").And.Not.Contain("\r"));
        string pattern = line["regex:".Length..^"==>***REMOVED***".Length];
        Assert.That(Regex.Match("x" + key + "y", pattern).Value, Is.EqualTo(key));
        Assert.That(Regex.IsMatch(key.Replace("\r\n", "\n", StringComparison.Ordinal), pattern), Is.False, "exact, line endings included");
    }

    [TestCase("regex:abc")]
    [TestCase("glob:a*c")]
    public void Content_TextThatLooksLikeAnExpression_IsEscaped(string text)
    {
        string line = ReplacementFile.Content([new Secret(text)]).TrimEnd('\n');
        string pattern = line["regex:".Length..^"==>***REMOVED***".Length];
        Assert.That(Regex.Match(text, pattern).Value, Is.EqualTo(text));
    }

    [Test]
    public void Write_IsOwnerOnly_EvenOverAnOlderFile()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes");
            return;
        }
        using var dir = new TempDirectory();
        string path = dir.File("r.txt", "old");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);

        ReplacementFile.Write(path, "x==>***REMOVED***\n");

        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.ReadAllText(path), Is.EqualTo("x==>***REMOVED***\n"));
    }
}
