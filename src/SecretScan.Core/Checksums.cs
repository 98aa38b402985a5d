using System.IO.Hashing;

namespace SecretScan.Core;

/// <summary>
/// Offline checks of the checksums some token formats carry. A rule names one with <c>validate:</c>;
/// a secret that fails its checksum is a typo or a made-up string, not a live credential.
/// </summary>
public static class Checksums
{
    public static readonly IReadOnlyCollection<string> Known = ["github-crc32", "npm-crc32", "azure-identifiable", "azure-common-annotated"];

    public static bool IsKnown(string name) => Known.Contains(name);

    public static bool Verify(string name, string secret) => name switch
    {
        "github-crc32" => VerifyPrefixedCrc32(secret, '_'),
        "npm-crc32" => VerifyPrefixedCrc32(secret, '_'),
        "azure-identifiable" => AzureIdentifiableKey.Verify(secret),
        "azure-common-annotated" => CommonAnnotatedKey.Verify(secret),
        _ => throw new ArgumentException($"unknown checksum '{name}'", nameof(name)),
    };

    /// <summary>
    /// GitHub's (and npm's) format: prefix, separator, 30 random base62 characters, then the CRC32 of those
    /// 30 characters in base62, left-padded with '0' to 6 characters.
    /// </summary>
    private static bool VerifyPrefixedCrc32(string secret, char separator)
    {
        int sep = secret.LastIndexOf(separator);
        if (sep < 0) return false;
        ReadOnlySpan<char> body = secret.AsSpan(sep + 1);
        if (body.Length != 36) return false;
        ReadOnlySpan<char> random = body[..30];
        Span<byte> bytes = stackalloc byte[30];
        for (int i = 0; i < 30; i++)
        {
            if (random[i] > 127) return false;
            bytes[i] = (byte)random[i];
        }
        uint crc = Crc32.HashToUInt32(bytes);
        return body[30..].SequenceEqual(Base62(crc, 6));
    }

    private const string Base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Base62(uint value, int width)
    {
        Span<char> buffer = stackalloc char[16];
        int i = buffer.Length;
        do { buffer[--i] = Base62Alphabet[(int)(value % 62)]; value /= 62; } while (value > 0);
        string digits = new(buffer[i..]);
        return digits.PadLeft(width, '0');
    }
}
