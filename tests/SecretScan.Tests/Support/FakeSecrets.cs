using System.Security.Cryptography;
using SecretScan.Core;

namespace SecretScan.Tests.Support;

/// <summary>
/// Well-formed but fake credentials, made fresh at run time so that no real-looking key is committed to the tests
/// and each run exercises new random values.
/// </summary>
public static class FakeSecrets
{
    public const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Base32Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string UrlSafe = Base62 + "_-";

    /// <summary>
    /// Random characters of the alphabet, drawn again in the rare case that they read as a placeholder (a marker such
    /// as "fake" or "dummy" by chance, a long run): the scanner holds those back by design, so a test that drew one
    /// failed about one run in tens of thousands.
    /// </summary>
    public static string Random(string alphabet, int length)
    {
        while (true)
        {
            string value = RandomNumberGenerator.GetString(alphabet, length);
            if (!Placeholders.IsPlaceholder(value)) return value;
        }
    }

    /// <summary>A GitHub classic personal access token with a valid CRC32 checksum.</summary>
    public static string GitHubPat()
    {
        string random = Random(Base62, 30);
        uint crc = System.IO.Hashing.Crc32.HashToUInt32(System.Text.Encoding.ASCII.GetBytes(random));
        return "ghp_" + random + Checksums.Base62(crc, 6);
    }

    public static string AwsAccessKeyId() => "AKIA" + Random(Base32Upper, 16);

    public static string OpenAiProjectKey() => "sk-proj-" + Random(UrlSafe, 74) + "T3BlbkFJ" + Random(UrlSafe, 74);

    public static string StripeLiveKey() => "sk_live_" + Random(Base62, 24);
}
