using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecretScan.Verification;

/// <summary>
/// AWS Signature Version 4 for one request without a body worth hashing beyond its bytes (STS GetCallerIdentity).
/// Written on the BCL's HMAC-SHA256 because one read-only call does not justify the AWS SDK.
/// </summary>
public static class AwsSigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public sealed record Signed(string Authorization, string AmzDate, string PayloadHash);

    /// <param name="query">The canonical query is built from it: names and values URI-encoded, sorted by name.</param>
    public static Signed Sign(string method, string host, string path, IReadOnlyList<KeyValuePair<string, string>> query,
        byte[] payload, string accessKeyId, string secretAccessKey, string region, string service, DateTimeOffset now,
        IReadOnlyList<KeyValuePair<string, string>>? extraHeaders = null)
    {
        string amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string date = amzDate[..8];
        string payloadHash = Hex(SHA256.HashData(payload));
        string canonicalQuery = string.Join('&', query
            .Select(kv => (Name: Encode(kv.Key), Value: Encode(kv.Value)))
            .OrderBy(kv => kv.Name, StringComparer.Ordinal).ThenBy(kv => kv.Value, StringComparer.Ordinal)
            .Select(kv => kv.Name + "=" + kv.Value));
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = host, ["x-amz-date"] = amzDate };
        foreach (var (name, value) in extraHeaders ?? []) headers[name.ToLowerInvariant()] = value.Trim();
        string canonicalHeaders = string.Concat(headers.Select(h => h.Key + ":" + h.Value + "\n"));
        string signedHeaders = string.Join(';', headers.Keys);
        string canonicalRequest = string.Join('\n', method, string.IsNullOrEmpty(path) ? "/" : path, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash);
        string scope = $"{date}/{region}/{service}/aws4_request";
        string stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        byte[] key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        string signature = Hex(Hmac(key, stringToSign));
        return new Signed($"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}", amzDate, payloadHash);
    }

    /// <summary>Region and service from an AWS endpoint host: sts.amazonaws.com is the global us-east-1 STS endpoint.</summary>
    public static (string Region, string Service) ScopeOf(string host)
    {
        string[] labels = host.Split('.');
        string service = labels[0];
        string region = labels.Length >= 4 && labels[^2] == "amazonaws" ? labels[1] : "us-east-1";
        return (region, service);
    }

    /// <summary>RFC 3986 unreserved characters stay, everything else is %XX in upper case, as SigV4 requires.</summary>
    public static string Encode(string value)
    {
        var sb = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
