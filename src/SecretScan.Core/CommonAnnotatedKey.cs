namespace SecretScan.Core;

/// <summary>
/// Microsoft's 84-character "common annotated security key" (Azure DevOps PATs with the AZDO provider signature,
/// Azure AI services keys with ACOG, ...): 52 random characters, the fixed <c>JQQJ99</c> signature, a year/month pair,
/// 16 reserved characters, a 4-character provider signature, then 4 characters of checksum. The key is plain base64
/// (its generator retries until no '+' or '/' appears), so the first 80 characters are 60 bytes; the checksum is the
/// Marvin32 of those bytes with the "Default0" seed, and its first 3 little-endian bytes, base64-encoded, are the last
/// 4 characters. Layout and seed as published in Microsoft's open-source security-utilities library.
/// <para>
/// Derived keys (<c>JQQJ9D</c>, computed server-side with HMAC from a primary key) encode the checksum with a base62
/// routine whose byte order the library leaves to a third-party package; that is not specified publicly, so derived
/// keys are not accepted here rather than guessed at.
/// </para>
/// </summary>
public static class CommonAnnotatedKey
{
    public const int Length = 84;
    public const string Signature = "JQQJ99";
    private const int SignatureOffset = 52;
    private const int ChecksummedChars = 80;

    /// <summary>"Default0" read as a big-endian number, the seed the library names VersionTwoChecksumSeed.</summary>
    private static readonly ulong Seed = SeedOf("Default0");

    public static bool Verify(string secret)
    {
        if (secret.Length != Length || string.CompareOrdinal(secret, SignatureOffset, Signature, 0, Signature.Length) != 0) return false;
        Span<byte> bytes = stackalloc byte[ChecksummedChars / 4 * 3];
        if (!Convert.TryFromBase64Chars(secret.AsSpan(0, ChecksummedChars), bytes, out int length) || length != bytes.Length) return false;
        return secret.AsSpan(ChecksummedChars).SequenceEqual(ChecksumText(bytes));
    }

    /// <summary>The 4 checksum characters for the 60 bytes the first 80 characters decode to.</summary>
    public static string ChecksumText(ReadOnlySpan<byte> first60Bytes)
    {
        int checksum = AzureIdentifiableKey.Marvin32(first60Bytes, Seed);
        Span<byte> truncated = [(byte)checksum, (byte)(checksum >> 8), (byte)(checksum >> 16)];
        return Convert.ToBase64String(truncated);
    }

    private static ulong SeedOf(string versionedKind)
    {
        ulong seed = 0;
        foreach (char c in versionedKind) seed = (seed << 8) | (byte)c;
        return seed;
    }
}
