using System.Text;
using System.Text.Json;

namespace SecretScan.Tests.Support;

/// <summary>Realistic files that carry a fake credential only in encoded form, made at run time.</summary>
public static class FakeKeyFiles
{
    public static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    /// <summary>A fake PKCS#8 PEM body: random base64 in 64-character lines (not a key; the rules only read the shape).</summary>
    public static string PemPrivateKey()
    {
        string body = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(900));
        var lines = Enumerable.Range(0, (body.Length + 63) / 64).Select(i => body.Substring(i * 64, Math.Min(64, body.Length - i * 64)));
        return "-----BEGIN PRIVATE KEY-----\n" + string.Join("\n", lines) + "\n-----END PRIVATE KEY-----\n";
    }

    /// <summary>A JSON string literal (quotes included), escaped the way JSON writers escape.</summary>
    public static string JsonString(string s) =>
        "\"" + JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    /// <summary>A Google service-account key file as one line of JSON.</summary>
    public static string ServiceAccountJson() =>
        "{\"type\": \"service_account\", \"project_id\": \"billing-prod-4711\", \"private_key_id\": \""
        + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20))
        + "\", \"private_key\": " + JsonString(PemPrivateKey())
        + ", \"client_email\": \"exporter@billing-prod-4711.iam.gserviceaccount.com\"}";
}
