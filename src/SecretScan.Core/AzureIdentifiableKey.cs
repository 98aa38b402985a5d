using System.Buffers.Binary;
using System.Numerics;

namespace SecretScan.Core;

/// <summary>
/// Microsoft's "identifiable" Azure keys: base64 of random bytes whose last 7 bytes are a 3-byte fixed signature
/// (visible as 4 characters, e.g. <c>+ASt</c>, <c>AzSe</c>, <c>ACDb</c>) and a little-endian Marvin32 checksum of
/// everything before it, seeded per key kind. Format and seeds as published in Microsoft's open-source
/// security-utilities library; a string that has the signature but fails the checksum was made up or mangled.
/// </summary>
public static class AzureIdentifiableKey
{
    private static ulong Seed(string versionedKind)
    {
        // The seed is the 8 ASCII characters read as a big-endian number ("Default0" -> 0x44656661756C7430).
        ulong seed = 0;
        foreach (char c in versionedKind) seed = (seed << 8) | (byte)c;
        return seed;
    }

    private static readonly ulong[] Messaging = [Seed("Send0000"), Seed("Listen00"), Seed("Manage00"), Seed("System00")];

    /// <summary>Signature → (seeds of the key kinds that carry it, whether the key uses the URL-safe alphabet).</summary>
    private static readonly Dictionary<string, (ulong[] Seeds, bool UrlSafe)> Kinds = new(StringComparer.Ordinal)
    {
        ["+ASt"] = ([Seed("Default0")], false),                                      // Storage account
        ["ACDb"] = ([Seed("MastRO00"), Seed("MastRW00")], false),                    // Cosmos DB
        ["+ASb"] = (Messaging, false),                                               // Service Bus
        ["+AEh"] = (Messaging, false),                                               // Event Hubs
        ["+ARm"] = (Messaging, false),                                               // Relay
        ["AzSe"] = ([Seed("Query000"), Seed("PAdmin00")], false),                    // AI Search query / admin
        ["AzFu"] = ([Seed("Functi00"), Seed("Master00"), Seed("System00")], true),   // Functions
        ["+ABa"] = ([Seed("AbAcct00")], false),                                      // Batch
        ["+ACR"] = ([Seed("ACRDflt0")], false),                                      // Container Registry
        ["AIoT"] = ([Seed("IoTHub00"), Seed("DpsKey00"), Seed("Device00")], false),  // IoT Hub, DPS, devices
        ["APIM"] = ([Seed("Tenant00"), Seed("IoTHub00"), Seed("Gatewy00"), Seed("GitKey00")], false), // API Management
        ["AzCa"] = ([Seed("Access00")], false),                                      // Cache for Redis
    };

    public static IReadOnlyCollection<string> Signatures => Kinds.Keys;

    public static bool Verify(string secret)
    {
        string trimmed = secret.TrimEnd('=');
        // 6 characters of checksum follow the 4-character signature.
        if (trimmed.Length < 32 || trimmed.Length > 128) return false;
        string signature = trimmed.Substring(trimmed.Length - 10, 4);
        if (!Kinds.TryGetValue(signature, out var kind)) return false;
        string standard = kind.UrlSafe ? trimmed.Replace('-', '+').Replace('_', '/') : trimmed;
        standard = standard.PadRight((standard.Length + 3) / 4 * 4, '=');
        Span<byte> bytes = stackalloc byte[96];
        if (!Convert.TryFromBase64String(standard, bytes, out int length) || length < 8) return false;
        ReadOnlySpan<byte> key = bytes[..length];
        int stored = BinaryPrimitives.ReadInt32LittleEndian(key[^4..]);
        foreach (ulong seed in kind.Seeds)
            if (Marvin32(key[..^4], seed) == stored) return true;
        return false;
    }

    /// <summary>Marvin32 (the hash .NET uses for strings) folded to 32 bits: the checksum of these keys.</summary>
    public static int Marvin32(ReadOnlySpan<byte> data, ulong seed)
    {
        uint p0 = (uint)seed, p1 = (uint)(seed >> 32);
        int i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            p0 += BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            Block(ref p0, ref p1);
        }
        // The 0-3 leftover bytes, then a 0x80 terminator byte, as one final little-endian word.
        uint last = 0x80u << (8 * (data.Length - i));
        for (int j = data.Length - i - 1; j >= 0; j--) last |= (uint)data[i + j] << (8 * j);
        p0 += last;
        Block(ref p0, ref p1);
        Block(ref p0, ref p1);
        return (int)(p0 ^ p1);
    }

    private static void Block(ref uint p0, ref uint p1)
    {
        p1 ^= p0; p0 = BitOperations.RotateLeft(p0, 20);
        p0 += p1; p1 = BitOperations.RotateLeft(p1, 9);
        p1 ^= p0; p0 = BitOperations.RotateLeft(p0, 27);
        p0 += p1; p1 = BitOperations.RotateLeft(p1, 19);
    }
}
