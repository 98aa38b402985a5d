using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    // Per set bit, in hash order: the keywords (lower-case ASCII) starting with that trigram, longest first, and their
    // rules; one copy serves the prefilter over raw UTF-8 or Latin-1 bytes and over text alike.
    private readonly (byte[] Keyword, int[] Rules)[][] _byTrigramBytes;
    // Per slot, two words: which folded fourth characters (0-127) the slot's keywords go on with; all of them when a
    // keyword of the slot is only three characters long.
    private readonly ulong[] _fourth;

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
        // What the decoder looks for by name rides on the same pass (rule index -1): one read of every byte finds both.
        foreach (string name in Decoding.Containers.Markers)
        {
            string key = name.ToLowerInvariant();
            if (!byKeyword.TryGetValue(key, out var list)) byKeyword[key] = list = [];
            list.Add(NameHit);
        }
        foreach (string k in byKeyword.Keys)
        {
            int h = Hash(k[0], k[1], k[2]);
            _trigrams[h >> 6] |= 1UL << (h & 63);
        }
        for (int w = 1; w < _trigrams.Length; w++) _rankBefore[w] = _rankBefore[w - 1] + BitOperations.PopCount(_trigrams[w - 1]);
        int slots = _rankBefore[^1] + BitOperations.PopCount(_trigrams[^1]);
        _byTrigramBytes = new (byte[], int[])[slots][];
        foreach (var group in byKeyword.GroupBy(kv => Hash(kv.Key[0], kv.Key[1], kv.Key[2])))
        {
            int slot = Slot(group.Key);
            _byTrigramBytes[slot] = [.. group.OrderByDescending(kv => kv.Key.Length).Select(kv => (System.Text.Encoding.ASCII.GetBytes(kv.Key), kv.Value.ToArray()))];
        }
        _fourth = new ulong[slots * 2];
        for (int slot = 0; slot < slots; slot++)
            foreach (var (keyword, _) in _byTrigramBytes[slot])
            {
                if (keyword.Length == 3) { _fourth[slot * 2] = _fourth[slot * 2 + 1] = ulong.MaxValue; break; }
                _fourth[slot * 2 + (keyword[3] >> 6)] |= 1UL << keyword[3];
            }
    }

    /// <summary>The dense index of a set table bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(int hash) =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_rankBefore), hash >> 6)
        + BitOperations.PopCount(Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_trigrams), hash >> 6) & ((1UL << hash) - 1));

    public ImmutableArray<Rule> Rules { get; }

    // The "rule" of a container name's hit in the lists below.
    private const int NameHit = -1;

    /// <summary>Calls <paramref name="onHit"/> for every (rule index, keyword offset, keyword length) in the content.</summary>
    public void FindKeywordHits(ReadOnlySpan<char> content, KeywordHitHandler onHit) => FindHits(content, onHit, null);

    public bool HasKeywordHit(ReadOnlySpan<char> content) => HasHit(content);

    /// <summary><see cref="HasKeywordHit(ReadOnlySpan{char})"/> over the bytes of an ASCII-compatible encoding.</summary>
    public bool HasKeywordHit(ReadOnlySpan<byte> content) => HasHit(content);

    /// <summary>
    /// The same hits over raw bytes of an ASCII-compatible encoding (UTF-8, Latin-1): keywords are ASCII and bytes
    /// outside ASCII never fold into one, so a text has a hit exactly where its bytes have one; offsets are byte offsets.
    /// </summary>
    public void FindKeywordHits(ReadOnlySpan<byte> content, KeywordHitHandler onHit) => FindHits(content, onHit, null);

    /// <summary>
    /// <see cref="FindKeywordHits(ReadOnlySpan{byte}, KeywordHitHandler)"/>, also calling <paramref name="onName"/> with
    /// the offset of every place where one of the names the decoder looks for (<see cref="Decoding.Containers.Markers"/>)
    /// may start: found case-insensitively, like keywords, so the caller compares the name itself there.
    /// </summary>
    public void FindKeywordHits(ReadOnlySpan<byte> content, KeywordHitHandler onHit, Action<int> onName) => FindHits(content, onHit, onName);

    /// <summary>The same over text (decoded text), with char offsets.</summary>
    public void FindKeywordHits(ReadOnlySpan<char> content, KeywordHitHandler onHit, Action<int> onName) => FindHits(content, onHit, onName);

    // One copy for bytes and chars: the compiler makes a separate body for each (they are value types), with the
    // char-only range check gone from the byte one.
    private bool HasHit<T>(ReadOnlySpan<T> content) where T : unmanaged, IBinaryInteger<T>
    {
        bool hit = false;
        FindHits(content, (_, _, _) => hit = true, null);
        return hit;
    }

    private void FindHits<T>(ReadOnlySpan<T> content, KeywordHitHandler onHit, Action<int>? onName) where T : unmanaged, IBinaryInteger<T>
    {
        if (content.Length < 3) return;
        int last = content.Length - 3;
        for (int i = 0; (i = NextCandidate(content, i, last)) >= 0; i++)
            Verify(content, i, Hash(Fold(content[i]), Fold(content[i + 1]), Fold(content[i + 2])), onHit, onName);
    }

    // The loop that runs over every byte of every scan, kept free of calls so that everything it uses stays in
    // registers (with the hit handling inside, the compiler spilled the loop's state to the stack on every byte).
    // Bounds checks are left out for the same reason: i + 2 <= last + 2 < content.Length, and i + 3 is read only when i < last.

    /// <summary>
    /// The first position at or after <paramref name="from"/> where a keyword may start: its trigram is in the table
    /// and a keyword of that trigram goes on with its fourth character. -1 when there is none.
    /// </summary>
    private int NextCandidate<T>(ReadOnlySpan<T> content, int from, int last) where T : unmanaged, IBinaryInteger<T>
    {
        ref ulong table = ref MemoryMarshal.GetArrayDataReference(_trigrams);
        ref byte fold = ref MemoryMarshal.GetArrayDataReference(FoldTable);
        ref T at = ref MemoryMarshal.GetReference(content);
        int a = Fold(ref fold, Unsafe.Add(ref at, from)), b = Fold(ref fold, Unsafe.Add(ref at, from + 1));
        for (int i = from; i <= last; i++)
        {
            int c = Fold(ref fold, Unsafe.Add(ref at, i + 2));
            int h = Hash(a, b, c);
            if ((Unsafe.Add(ref table, h >> 6) & (1UL << h)) != 0
                && MayContinue(h, i < last ? Fold(ref fold, Unsafe.Add(ref at, i + 3)) : 0)) return i;
            a = b;
            b = c;
        }
        return -1;
    }

    /// <summary>
    /// Whether a keyword with this first trigram may go on with the (folded) fourth character: ordinary code is full of
    /// the trigrams keywords start with (int, str, sec, pas), far less of their first four characters, and this
    /// one-bit test is what keeps the keyword comparisons off most positions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool MayContinue(int hash, int fourth)
    {
        int slot = Slot(hash);
        return (Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_fourth), slot * 2 + (fourth >> 6)) & (1UL << fourth)) != 0;
    }

    private void Verify<T>(ReadOnlySpan<T> content, int at, int hash, KeywordHitHandler onHit, Action<int>? onName) where T : unmanaged, IBinaryInteger<T>
    {
        // Called only where the hash's bit is set, so the slot is that bit's.
        var candidates = _byTrigramBytes[Slot(hash)];
        ReadOnlySpan<T> rest = content[at..];
        foreach (var (keyword, rules) in candidates)
            if (StartsWithFolded(rest, keyword))
                foreach (int r in rules)
                {
                    if (r != NameHit) onHit(r, at, keyword.Length);
                    else onName?.Invoke(at);
                }
    }

    private static bool StartsWithFolded<T>(ReadOnlySpan<T> text, byte[] keyword) where T : unmanaged, IBinaryInteger<T>
    {
        if (text.Length < keyword.Length) return false;
        // Keywords are short (most under 10 characters) and the trigram already matched: a plain loop beats the
        // vectorised library call, which was a tenth of a scan's time on its set-up alone.
        for (int j = 0; j < keyword.Length; j++)
            if (Fold(text[j]) != keyword[j]) return false;
        return true;
    }

    // ASCII letters fold to lower case; anything outside ASCII maps to 0, which no keyword contains.
    private static readonly byte[] FoldTable = BuildFoldTable();

    private static byte[] BuildFoldTable()
    {
        var table = new byte[256];
        for (int c = 0; c < 128; c++) table[c] = (byte)(c is >= 'A' and <= 'Z' ? c | 0x20 : c);
        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Fold<T>(T c) where T : unmanaged, IBinaryInteger<T> => Fold(ref MemoryMarshal.GetArrayDataReference(FoldTable), c);

    /// <summary>A byte indexes the 256-entry table directly (its upper half is 0); a char above 0xFF is no keyword's either.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Fold<T>(ref byte table, T c) where T : unmanaged, IBinaryInteger<T>
    {
        uint value = uint.CreateTruncating(c);
        return typeof(T) == typeof(byte) || value <= 0xFF ? Unsafe.Add(ref table, (nint)value) : 0;
    }

    // Shifts, not multiplies: this runs once per byte. Folded characters are 7 bits, so the three overlap in few bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(int a, int b, int c) => ((a << 9) ^ (b << 4) ^ c) & ((1 << TableBits) - 1);
}

public delegate void KeywordHitHandler(int ruleIndex, int offset, int length);
