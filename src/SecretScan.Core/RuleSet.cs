using System.Collections.Immutable;
using System.Numerics;

namespace SecretScan.Core;

/// <summary>
/// The rules of a scan in a stable order, plus the keyword index the prefilter uses: one case-insensitive pass
/// finds every keyword of every rule, and each hit names the rules that may match near it.
/// </summary>
/// <remarks>
/// Why not <c>SearchValues&lt;string&gt;</c>: with the ~160 keywords of the default rules it leaves its vectorised
/// path and ran at 77 MB/s on prose-like text and 154 MB/s on C headers here, the slowest stage of every scan.
/// Keywords are at least three ASCII characters, so the prefilter instead looks each position's first three
/// characters, case-folded, up in a 64 Kbit table (8 KB, in L1 cache) of the keywords' first trigrams, and compares
/// whole keywords only where the table says one may start.
/// </remarks>
public sealed class RuleSet
{
    private const int TableBits = 16;
    private readonly ulong[] _trigrams = new ulong[(1 << TableBits) / 64];
    // How many table bits are set in the words before each word: with it a set bit's rank (its slot in the dense
    // arrays below) is one popcount, so the keyword lists take one slot per keyword trigram instead of two 64K-slot
    // arrays (1 MB to allocate and zero at every start, and in the cache while scanning).
    private readonly int[] _rankBefore = new int[(1 << TableBits) / 64];
    // Per set bit, in hash order: the keywords (lower-case) starting with that trigram, longest first, and their rules.
    private readonly (string Keyword, int[] Rules)[][] _byTrigram;
    // The same keywords as ASCII bytes, for the prefilter over raw UTF-8 or Latin-1 content.
    private readonly (byte[] Keyword, int[] Rules)[][] _byTrigramBytes;

    public RuleSet(IEnumerable<Rule> rules)
    {
        Rules = [.. rules];
        var byKeyword = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < Rules.Length; i++)
            foreach (string k in Rules[i].Keywords)
            {
                if (k.Length < 3 || !k.All(char.IsAscii))
                    throw new ArgumentException($"rule '{Rules[i].Id}': keyword '{k}' must be at least 3 ASCII characters", nameof(rules));
                string key = k.ToLowerInvariant();
                if (!byKeyword.TryGetValue(key, out var list)) byKeyword[key] = list = [];
                if (!list.Contains(i)) list.Add(i);
            }
        foreach (string k in byKeyword.Keys)
        {
            int h = Hash(k[0], k[1], k[2]);
            _trigrams[h >> 6] |= 1UL << (h & 63);
        }
        for (int w = 1; w < _trigrams.Length; w++) _rankBefore[w] = _rankBefore[w - 1] + BitOperations.PopCount(_trigrams[w - 1]);
        int slots = _rankBefore[^1] + BitOperations.PopCount(_trigrams[^1]);
        _byTrigram = new (string, int[])[slots][];
        _byTrigramBytes = new (byte[], int[])[slots][];
        foreach (var group in byKeyword.GroupBy(kv => Hash(kv.Key[0], kv.Key[1], kv.Key[2])))
        {
            int slot = Slot(group.Key);
            _byTrigram[slot] = [.. group.Select(kv => (kv.Key, kv.Value.ToArray())).OrderByDescending(x => x.Key.Length)];
            _byTrigramBytes[slot] = [.. _byTrigram[slot].Select(x => (System.Text.Encoding.ASCII.GetBytes(x.Keyword), x.Rules))];
        }
    }

    /// <summary>The dense index of a set table bit.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int Slot(int hash) => _rankBefore[hash >> 6] + BitOperations.PopCount(_trigrams[hash >> 6] & ((1UL << (hash & 63)) - 1));

    public ImmutableArray<Rule> Rules { get; }

    /// <summary>Calls <paramref name="onHit"/> for every (rule index, keyword offset, keyword length) in the content.</summary>
    public void FindKeywordHits(ReadOnlySpan<char> content, KeywordHitHandler onHit)
    {
        if (content.Length < 3) return;
        ulong[] table = _trigrams;
        int a = Fold(content[0]), b = Fold(content[1]);
        for (int i = 0; i + 2 < content.Length; i++)
        {
            int c = Fold(content[i + 2]);
            int h = Hash(a, b, c);
            if ((table[h >> 6] & (1UL << (h & 63))) != 0) Verify(content, i, h, onHit);
            a = b;
            b = c;
        }
    }

    public bool HasKeywordHit(ReadOnlySpan<char> content)
    {
        bool hit = false;
        FindKeywordHits(content, (_, _, _) => hit = true);
        return hit;
    }

    /// <summary>
    /// The same hits over raw bytes of an ASCII-compatible encoding (UTF-8, Latin-1): keywords are ASCII and bytes
    /// outside ASCII never fold into one, so a text has a hit exactly where its bytes have one; offsets are byte offsets.
    /// </summary>
    public void FindKeywordHits(ReadOnlySpan<byte> content, KeywordHitHandler onHit)
    {
        if (content.Length < 3) return;
        ulong[] table = _trigrams;
        int a = Fold(content[0]), b = Fold(content[1]);
        for (int i = 0; i + 2 < content.Length; i++)
        {
            int c = Fold(content[i + 2]);
            int h = Hash(a, b, c);
            if ((table[h >> 6] & (1UL << (h & 63))) != 0) Verify(content, i, h, onHit);
            a = b;
            b = c;
        }
    }

    private void Verify(ReadOnlySpan<byte> content, int at, int hash, KeywordHitHandler onHit)
    {
        // Called only where the hash's bit is set, so the slot is that bit's.
        var candidates = _byTrigramBytes[Slot(hash)];
        ReadOnlySpan<byte> rest = content[at..];
        foreach (var (keyword, rules) in candidates)
            if (rest.Length >= keyword.Length && System.Text.Ascii.EqualsIgnoreCase(rest[..keyword.Length], keyword))
                foreach (int r in rules) onHit(r, at, keyword.Length);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Fold(byte c) => c < 128 ? c | ((uint)(c - 'A') <= 'Z' - 'A' ? 0x20 : 0) : 0;

    private void Verify(ReadOnlySpan<char> content, int at, int hash, KeywordHitHandler onHit)
    {
        var candidates = _byTrigram[Slot(hash)];
        ReadOnlySpan<char> rest = content[at..];
        foreach (var (keyword, rules) in candidates)
            if (rest.Length >= keyword.Length && System.Text.Ascii.EqualsIgnoreCase(rest[..keyword.Length], keyword))
                foreach (int r in rules) onHit(r, at, keyword.Length);
    }

    // ASCII letters fold to lower case; anything outside ASCII maps to 0, which no keyword contains.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Fold(char c) => c < 128 ? c | ((uint)(c - 'A') <= 'Z' - 'A' ? 0x20 : 0) : 0;

    private static int Hash(int a, int b, int c) => ((a * 0x3A9) ^ (b * 0x47) ^ c) & ((1 << TableBits) - 1);
}

public delegate void KeywordHitHandler(int ruleIndex, int offset, int length);
