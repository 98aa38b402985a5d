using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SecretScan.Core.Decoding;

public enum CandidateKind { Base64, Hex, Escapes, Entities, Percent }

/// <summary>
/// A span that may be encoded: its kind and [Start, End) in the text. <see cref="NamedAs"/> is set when a known
/// container (a Kubernetes Secret, a Docker <c>auth</c>, a Basic header) says the value is encoded, and is the
/// key the decoded value is presented under, so rules that need a credential name still see one.
/// </summary>
public readonly record struct Candidate(CandidateKind Kind, int Start, int End, string? NamedAs = null, bool SplitUserInfo = false);

/// <summary>
/// The cheap shape test that picks decoding candidates: one pass over the bytes or chars with a class table and a
/// branch-free run counter. It flags runs of base64 characters (at least 16, with upper and lower case and a digit
/// or <c>+</c>/<c>/</c>: identifiers, paths and words fail it), runs of at least 32 hex digits, lines holding string
/// escapes or entities, and tokens holding percent-escapes. Whole files are never decoded.
/// </summary>
public static class ShapeTest
{
    private const byte B64 = 1, HexDigit = 2, Backslash = 4, Ampersand = 8, PercentSign = 16;
    private static readonly byte[] Classes = BuildClasses();

    // A character has a kind exactly when it is base64-class (see Classes): AddRun finds a run's end by its kinds.
    private const byte Upper = 1, Lower = 2, Digit = 4, Symbol = 8, HexKind = 16, AllKinds = 31;
    private static readonly byte[] Kinds = BuildKinds();

    private static byte[] BuildKinds()
    {
        var t = new byte[256];
        for (int c = 'A'; c <= 'Z'; c++) t[c] = Upper;
        for (int c = 'a'; c <= 'z'; c++) t[c] = Lower;
        for (int c = '0'; c <= '9'; c++) t[c] = Digit | HexKind;
        for (int c = 'a'; c <= 'f'; c++) t[c] |= HexKind;
        for (int c = 'A'; c <= 'F'; c++) t[c] |= HexKind;
        t['+'] = t['/'] = t['-'] = t['_'] = Symbol;
        return t;
    }

    private static byte[] BuildClasses()
    {
        var t = new byte[256];
        for (int c = 'A'; c <= 'Z'; c++) t[c] = B64;
        for (int c = 'a'; c <= 'z'; c++) t[c] = B64;
        for (int c = '0'; c <= '9'; c++) t[c] = B64 | HexDigit;
        for (int c = 'a'; c <= 'f'; c++) t[c] |= HexDigit;
        for (int c = 'A'; c <= 'F'; c++) t[c] |= HexDigit;
        t['+'] = t['/'] = t['-'] = t['_'] = B64;
        t['\\'] = Backslash;
        t['&'] = Ampersand;
        t['%'] = PercentSign;
        return t;
    }

    /// <summary>
    /// Whether raw content may hold something the decoder would reveal although it has no keyword hit: base64 or
    /// hex that decodes to text, escapes that can spell letters (<c>\u0070</c>, <c>\x70</c>, <c>&amp;#112;</c>,
    /// <c>%70</c>), or a known container. Plain escapes such as <c>\"</c> cannot hide a keyword and are ignored here.
    /// </summary>
    public static bool MayHide<T>(ReadOnlySpan<T> content) where T : unmanaged, IBinaryInteger<T> =>
        MayHideEncoded(content) || Containers.MayContain(content);

    /// <summary><see cref="MayHide{T}"/> without the look for container names (the caller has made it already).</summary>
    internal static bool MayHideEncoded<T>(ReadOnlySpan<T> content) where T : unmanaged, IBinaryInteger<T>
    {
        List<Candidate> found = CandidateLists.Rent();
        Find(content, found, hiddenOnly: true);
        bool hides = AnyDecodes(content, found);
        CandidateLists.Return(found);
        return hides;
    }

    private static bool AnyDecodes<T>(ReadOnlySpan<T> content, List<Candidate> found) where T : unmanaged, IBinaryInteger<T>
    {
        Span<char> scratch = stackalloc char[1024];
        foreach (Candidate c in found)
        {
            // Found where only what hides letters counts, an escaped line holds an escape that spells one.
            if (c.Kind is CandidateKind.Escapes or CandidateKind.Entities) return true;
            int length = c.End - c.Start;
            Span<char> chars = length <= scratch.Length ? scratch[..length] : new char[length];
            for (int i = 0; i < length; i++) chars[i] = (char)int.CreateTruncating(content[c.Start + i]);
            // A percent token must decode too: printf formats (`%05d`, `%2F` alone) are most of them.
            DecodedText? decoded = c.Kind switch
            {
                CandidateKind.Base64 => Decoders.Base64(chars),
                CandidateKind.Hex => Decoders.Hex(chars),
                _ => Decoders.Percent(chars, 0),
            };
            if (decoded is not null) return true;
        }
        return false;
    }

    /// <summary>Adds the candidates of <paramref name="content"/> to <paramref name="into"/> in offset order.</summary>
    public static void Find<T>(ReadOnlySpan<T> content, List<Candidate> into, bool hiddenOnly = false) where T : unmanaged, IBinaryInteger<T> =>
        Find(content, into, hiddenOnly, skipAhead: true);

    /// <summary><see cref="Find{T}(ReadOnlySpan{T}, List{Candidate}, bool)"/> by the scalar loop alone, one character at
    /// a time: the reference the vector step is tested against.</summary>
    public static void FindReference<T>(ReadOnlySpan<T> content, List<Candidate> into, bool hiddenOnly = false) where T : unmanaged, IBinaryInteger<T> =>
        Find(content, into, hiddenOnly, skipAhead: false);

    private static void Find<T>(ReadOnlySpan<T> content, List<Candidate> into, bool hiddenOnly, bool skipAhead) where T : unmanaged, IBinaryInteger<T>
    {
        if (skipAhead && typeof(T) == typeof(byte) && Ssse3.IsSupported)
        {
            ReadOnlySpan<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(content);
            Scan(bytes, FindInBlocks(bytes, into, hiddenOnly), into, hiddenOnly, skipAhead: false);
            return;
        }
        Scan(content, 0, into, hiddenOnly, skipAhead);
    }

    /// <summary>The scalar loop from <paramref name="from"/>, where no run of base64-class characters crosses.</summary>
    private static void Scan<T>(ReadOnlySpan<T> content, int from, List<Candidate> into, bool hiddenOnly, bool skipAhead) where T : unmanaged, IBinaryInteger<T>
    {
        byte[] classes = Classes;
        int run = 0;
        int n = content.Length;
        var block = new EventBlock();
        for (int i = from; i < n; i++)
        {
            // Ordinary text is runs of short words: jump to where something can happen, 64 positions per step.
            if (run == 0 && skipAhead)
            {
                i = NextEvent(content, i, ref block, out bool runStarts);
                if (runStarts)
                {
                    // The same run the counter below would reach 16 on, found by the vector step.
                    i = AddRun(content, i, into) - 1;
                    continue;
                }
            }
            if (i >= n) break;
            int c = int.CreateTruncating(content[i]);
            int cls = c < 256 ? classes[c] : 0;
            run = (run + 1) & -(cls & B64);
            if (run < Decoders.MinBase64 && cls < Backslash) continue;
            if (run == Decoders.MinBase64)
            {
                i = AddRun(content, i - Decoders.MinBase64 + 1, into) - 1;
                run = 0;
                continue;
            }
            i = Special(content, i, cls, into, hiddenOnly);
        }
    }

    // For each character, the classes of the special characters that may act when it follows them (bits as in
    // Classes): what Special needs of the next character, and no more (it still makes every test).
    private static readonly byte[] ActsAfter = BuildActsAfter(hidingOnly: false), ActsAfterHidingOnly = BuildActsAfter(hidingOnly: true);

    private static byte[] BuildActsAfter(bool hidingOnly)
    {
        var t = new byte[256];
        foreach (char c in hidingOnly ? "uxU" : "uxU\"'\\/ntr") t[c] |= Backslash;
        foreach (char c in hidingOnly ? "#" : "#qalg") t[c] |= Ampersand;
        for (int c = 0; c < 256; c++)
            if ((Classes[c] & HexDigit) != 0) t[c] |= PercentSign;
        return t;
    }

    /// <summary>Acts on the special character (<c>\ &amp; %</c>, of class <paramref name="cls"/>) at <paramref name="i"/>:
    /// returns the last position it took, from which the search goes on (<paramref name="i"/> itself when none).</summary>
    private static int Special<T>(ReadOnlySpan<T> content, int i, int cls, List<Candidate> into, bool hiddenOnly) where T : unmanaged, IBinaryInteger<T>
    {
        int n = content.Length;
        if (cls == Backslash && i + 1 < n)
        {
            int next = int.CreateTruncating(content[i + 1]);
            // Where only what hides letters counts, `\U` must be followed by its hex digits: PHP namespaces
            // (`App\Models\User`) are full of `\U` and `\u` that are no escape.
            bool spells = hiddenOnly ? SpellsAt(content, i) : next is 'u' or 'x' or 'U';
            if (spells || (!hiddenOnly && next is '"' or '\'' or '\\' or '/' or 'n' or 't' or 'r'))
                return AddLine(content, i, CandidateKind.Escapes, into);
        }
        else if (cls == Ampersand && i + 2 < n)
        {
            int next = int.CreateTruncating(content[i + 1]);
            if ((next == '#' && (!hiddenOnly || SpellsAt(content, i))) || (!hiddenOnly && next is 'q' or 'a' or 'l' or 'g' && HasSemicolonSoon(content, i)))
                return AddLine(content, i, CandidateKind.Entities, into);
        }
        else if (cls == PercentSign && i + 2 < n && (Class(content[i + 1]) & HexDigit) != 0 && (Class(content[i + 2]) & HexDigit) != 0)
        {
            return AddToken(content, i, into);
        }
        return i;
    }

    /// <summary>
    /// The shape test over bytes in one pass of 64-byte blocks, with the byte shuffle: each block is classified once
    /// (two nibble lookups give every byte's class), its events are read from the bit masks in order, and what an
    /// event takes (an escaped line, a run, a token) masks the events inside it. The scalar code only acts on events;
    /// the last bytes are the end of one more, overlapping block, and only contents under 64 bytes are left to the
    /// scalar loop (returned: where it goes on from). Searching again after each event cost a call, a prologue and a
    /// classification per event.
    /// </summary>
    private static int FindInBlocks(ReadOnlySpan<byte> bytes, List<Candidate> into, bool hiddenOnly)
    {
        Vector128<byte> lo = LoNibbles, hi = HiNibbles, nibble = Vector128.Create((byte)0x0F);
        Vector128<byte> toTopBit = Vector128.Create(Base64ToTopBit), specialBits = Vector128.Create(SpecialClasses);
        Vector128<byte> kindLo = KindLoNibbles, kindHi = KindHiNibbles;
        ref byte first = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(bytes);
        byte[] classes = Classes, actsAfter = hiddenOnly ? ActsAfterHidingOnly : ActsAfter;
        int at = 0, resume = 0;
        ulong carry = 0, keep = ~0UL;
        bool last = false;
        for (; ; at += 64)
        {
            if (at + 64 > bytes.Length)
            {
                if (last) return bytes.Length;
                // Back over the base64-class characters that end the last block (fewer than 16, or an event took
                // them): no run crosses `from`.
                int from = Math.Max(resume, at - BitOperations.LeadingZeroCount(~carry));
                // The bytes left are searched as the end of one more block, the content's last 64 bytes, whose events
                // before `from` are masked (runs there end before it). The scalar loop is left short contents.
                if (bytes.Length < 64 || from >= bytes.Length || from < bytes.Length - 64) return from;
                last = true;
                at = bytes.Length - 64;
                keep = ~0UL << (from - at);
                carry = 0;
            }
            Vector128<byte> c0 = NibbleClasses(Vector128.LoadUnsafe(ref first, (nuint)at), lo, hi, nibble);
            Vector128<byte> c1 = NibbleClasses(Vector128.LoadUnsafe(ref first, (nuint)at + 16), lo, hi, nibble);
            Vector128<byte> c2 = NibbleClasses(Vector128.LoadUnsafe(ref first, (nuint)at + 32), lo, hi, nibble);
            Vector128<byte> c3 = NibbleClasses(Vector128.LoadUnsafe(ref first, (nuint)at + 48), lo, hi, nibble);
            ulong b64 = TopBits(Sse2.AddSaturate(c0, toTopBit), Sse2.AddSaturate(c1, toTopBit), Sse2.AddSaturate(c2, toTopBit), Sse2.AddSaturate(c3, toTopBit));
            // Most blocks hold no special character: one test says so for all 64 bytes before their mask is made.
            ulong special = ((c0 | c1 | c2 | c3) & specialBits) == Vector128<byte>.Zero
                ? 0 : ~Bits(c0 & specialBits, c1 & specialBits, c2 & specialBits, c3 & specialBits);
            ulong events = RunEnds(b64, carry) | special;
            carry = b64;
            if (events == 0) continue;
            events &= keep;
            // `resume` is never past this block's start here: what an event takes ends in its block, or the loop jumps
            // (in the last, overlapping block, what it is past is masked by `keep`).
            while (events != 0)
            {
                int bit = BitOperations.TrailingZeroCount(events);
                int pos = at + bit;
                if ((special & (1UL << bit)) != 0)
                {
                    // Most special characters act on nothing (`&&`, `%s`, and `\n` where only hiding escapes count): the
                    // character after them says so without the call.
                    int cls = classes[bytes[pos]];
                    resume = pos + 1 < bytes.Length && (actsAfter[bytes[pos + 1]] & cls) == 0
                        ? pos + 1
                        : Special(bytes, pos, cls, into, hiddenOnly) + 1;
                }
                else
                {
                    // A run's first end is its 16th character; the ends after it are inside it, and masked with it.
                    int start = pos - (Decoders.MinBase64 - 1);
                    ulong outside = ~b64 >> bit;
                    int end = pos + BitOperations.TrailingZeroCount(outside);
                    // Most runs are identifiers (snake_case, SCREAMING_CASE, camelCase): one that ends in this block and
                    // is too short for hex is judged here from two loads; only the others take AddRun's call.
                    resume = outside != 0 && end - start < Decoders.MinHex && !MayBeBase64(ref first, start, end, kindLo, kindHi, nibble)
                        ? end
                        : AddRun(bytes, start, into);
                }
                events = resume >= at + 64 ? 0 : events & (~0UL << (resume - at));
            }
            if (resume > at + 64)
            {
                // Taken past this block: the next block starts where it ends, with no carry (no run crosses there).
                at = resume - 64;
                carry = 0;
            }
        }
    }

    /// <summary>
    /// The block the last event was found in, with its masks: events come in clusters (<c>printf("%s\n", …)</c>), and
    /// the search after one starts in the same block, which is read from the masks instead of classified again. (Chars,
    /// and bytes without a byte shuffle; bytes with one take <see cref="FindInBlocks"/>.)
    /// </summary>
    internal struct EventBlock
    {
        /// <summary>The block is [End - 64, End); 0 for none.</summary>
        public int End;
        public ulong B64, Ends, Special;
    }

    /// <summary>
    /// The first position at or after <paramref name="from"/> where the loop above can act, given that no run of
    /// base64-class characters crosses <paramref name="from"/> (the loop calls it with a run count of 0): a backslash,
    /// ampersand or percent sign, or the start of 16 base64-class characters in a row. Blocks of 64 are classified at
    /// once (vector compares to bit masks) and follow each other without overlap: the base64 bits of the block before
    /// are carried into the run test (four shift-ands across the two blocks), so a run that crosses a block boundary is
    /// seen where it ends. The rest is left to the scalar loop, so the result is never past an event.
    /// </summary>
    internal static int NextEvent<T>(ReadOnlySpan<T> content, int from) where T : unmanaged, IBinaryInteger<T>
    {
        var block = new EventBlock();
        return NextEvent(content, from, ref block, out _);
    }

    /// <param name="block">The block of the event found by the call before, kept for the next call.</param>
    /// <param name="runStarts">True when the event is the start of 16 base64-class characters (not a special character).</param>
    internal static int NextEvent<T>(ReadOnlySpan<T> content, int from, ref EventBlock block, out bool runStarts) where T : unmanaged, IBinaryInteger<T>
    {
        runStarts = false;
        if (!Vector128.IsHardwareAccelerated) return from;
        int i = from;
        ulong carry = 0;
        if (from < block.End && from >= block.End - 64)
        {
            // A run that ends at or after `from` starts there or later (none crosses it), so the block's masks from
            // `from` on are what classifying from `from` would give.
            ulong after = ~0UL << (from - (block.End - 64));
            if (FirstEvent(block.End - 64, block.Ends & after, block.Special & after, ref runStarts) is int at and >= 0) return at;
            i = block.End;
            carry = block.B64;
        }
        int found = ScanBlocks(content, ref i, ref carry, ref block, ref runStarts);
        if (found >= 0) return found;
        // Back over the base64-class characters that end the last block (fewer than 16, or they were an event), so the
        // scalar loop counts their run from its start; never before `from`, where no run crosses.
        return Math.Max(from, i - BitOperations.LeadingZeroCount(~carry));
    }

    /// <summary>The blocks from <paramref name="i"/> on, to the first event (-1 when none); <paramref name="i"/> ends past the last whole block.</summary>
    private static int ScanBlocks<T>(ReadOnlySpan<T> content, ref int i, ref ulong carry, ref EventBlock block, ref bool runStarts) where T : unmanaged, IBinaryInteger<T>
    {
        for (; i + 64 <= content.Length; i += 64)
        {
            var (b64, special) = Classify(content, i);
            if (Keep(i, b64, special, carry, ref block, ref runStarts) is int at and >= 0) return at;
            carry = b64;
        }
        return -1;
    }

    /// <summary>The first event of a block, which is kept in <paramref name="block"/> when it has one; -1 when none.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Keep(int blockStart, ulong b64, ulong special, ulong carry, ref EventBlock block, ref bool runStarts)
    {
        ulong ends = RunEnds(b64, carry);
        if ((ends | special) == 0) return -1;
        block = new EventBlock { End = blockStart + 64, B64 = b64, Ends = ends, Special = special };
        return FirstEvent(blockStart, ends, special, ref runStarts);
    }

    /// <summary>Each byte's <c>lo[low nibble] &amp; hi[high nibble]</c>, 0 for bytes from 0x80 (the tables' high-nibble
    /// rows 8-F are 0 too). The byte shuffle reads only bits 0-3 of an index and gives 0 where bit 7 is set, so the
    /// bytes index the low table as they are, without a mask.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> NibbleClasses(Vector128<byte> v, Vector128<byte> lo, Vector128<byte> hi, Vector128<byte> nibble) =>
        Ssse3.Shuffle(lo, v) & Ssse3.Shuffle(hi, Vector128.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & nibble);

    /// <summary>Bit k set where byte k of the four vectors (in order) has its top bit set.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong TopBits(Vector128<byte> v0, Vector128<byte> v1, Vector128<byte> v2, Vector128<byte> v3) =>
        v0.ExtractMostSignificantBits() | ((ulong)v1.ExtractMostSignificantBits() << 16)
        | ((ulong)v2.ExtractMostSignificantBits() << 32) | ((ulong)v3.ExtractMostSignificantBits() << 48);

    /// <summary>Bit k set where byte k of the four vectors (in order) is zero.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong Bits(Vector128<byte> v0, Vector128<byte> v1, Vector128<byte> v2, Vector128<byte> v3) =>
        Vector128.Equals(v0, Vector128<byte>.Zero).ExtractMostSignificantBits()
        | ((ulong)Vector128.Equals(v1, Vector128<byte>.Zero).ExtractMostSignificantBits() << 16)
        | ((ulong)Vector128.Equals(v2, Vector128<byte>.Zero).ExtractMostSignificantBits() << 32)
        | ((ulong)Vector128.Equals(v3, Vector128<byte>.Zero).ExtractMostSignificantBits() << 48);

    /// <summary>The first of a block's events (run ends and special characters), or -1 when it has none.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int FirstEvent(int blockStart, ulong ends, ulong special, ref bool runStarts)
    {
        if ((ends | special) == 0) return -1;
        int firstSpecial = BitOperations.TrailingZeroCount(special), firstEnd = BitOperations.TrailingZeroCount(ends);
        // A run holds no special character, so a special before a run's end is before its start too.
        if (firstSpecial < firstEnd) return blockStart + firstSpecial;
        runStarts = true;
        return blockStart + firstEnd - (Decoders.MinBase64 - 1);
    }

    /// <summary>Bit k set where a run of 16 base64-class characters ends at bit k of <paramref name="b64"/>, the bits of
    /// <paramref name="before"/> (the block before) counting as the 64 positions in front of it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong RunEnds(ulong b64, ulong before)
    {
        ulong a = b64 & ((b64 << 1) | (before >> 63)), aBefore = before & (before << 1);
        ulong b = a & ((a << 2) | (aBefore >> 62)), bBefore = aBefore & (aBefore << 2);
        ulong c = b & ((b << 4) | (bBefore >> 60)), cBefore = bBefore & (bBefore << 4);
        return c & ((c << 8) | (cBefore >> 56));
    }

    /// <summary>The base64-class and special-character masks of the 64 characters at <paramref name="at"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static (ulong B64, ulong Special) Classify<T>(ReadOnlySpan<T> content, int at) where T : unmanaged, IBinaryInteger<T>
    {
        ulong b64 = 0, special = 0;
        if (typeof(T) == typeof(byte))
        {
            ReadOnlySpan<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(content).Slice(at, 64);
            for (int k = 0; k < 4; k++)
            {
                var (b, sp) = Masks(Vector128.Create(bytes.Slice(16 * k, 16)));
                b64 |= (ulong)b << (16 * k);
                special |= (ulong)sp << (16 * k);
            }
            return (b64, special);
        }
        ReadOnlySpan<ushort> chars = System.Runtime.InteropServices.MemoryMarshal.Cast<T, ushort>(content).Slice(at, 64);
        for (int k = 0; k < 4; k++)
        {
            // Chars above 0xFF saturate to 0xFF, which is no class: they stay out of runs, as in the table.
            Vector128<byte> narrow = Vector128.Narrow(
                Vector128.Min(Vector128.Create(chars.Slice(16 * k, 8)), Vector128.Create((ushort)0xFF)),
                Vector128.Min(Vector128.Create(chars.Slice(16 * k + 8, 8)), Vector128.Create((ushort)0xFF)));
            var (b, sp) = Masks(narrow);
            b64 |= (ulong)b << (16 * k);
            special |= (ulong)sp << (16 * k);
        }
        return (b64, special);
    }

    /// <summary>Bit masks of the 16 bytes that are base64-class and that are one of <c>% &amp; \</c>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static (uint B64, uint Special) Masks(Vector128<byte> v)
    {
        if (Ssse3.IsSupported)
        {
            // Two nibble lookups classify 16 bytes at once: a byte's class is LoNibbles[low] & HiNibbles[high], bits
            // 0-1 the specials `% &` and `\`, bits 2-6 base64 (five ranges that each are a product of nibble sets; a
            // base64 byte has one of them, so its class is 4 or more and a saturating add of 0x7C sets its top bit);
            // bytes of 0x80 and up have no class. Half the work of the compares below, on the hottest loop of the stage.
            Vector128<byte> cls = NibbleClasses(v, LoNibbles, HiNibbles, Vector128.Create((byte)0x0F));
            uint b64 = Sse2.AddSaturate(cls, Vector128.Create(Base64ToTopBit)).ExtractMostSignificantBits();
            uint notSpecial = Vector128.Equals(cls & Vector128.Create(SpecialClasses), Vector128<byte>.Zero).ExtractMostSignificantBits();
            return (b64, ~notSpecial & 0xFFFF);
        }
        return PortableMasks(v);
    }

    // The nibble classes' bits: 0-1 the specials, 2-6 base64 (see Masks).
    private const byte SpecialClasses = 0x03, Base64ToTopBit = 0x7C;

    private static readonly Vector128<byte> LoNibbles =
        Vector128.Create((byte)0x18, 0x1C, 0x1C, 0x1C, 0x1C, 0x1D, 0x1D, 0x1C, 0x1C, 0x1C, 0x0C, 0x24, 0x06, 0x24, 0x04, 0x64);

    private static readonly Vector128<byte> HiNibbles =
        Vector128.Create((byte)0x00, 0x00, 0x21, 0x10, 0x04, 0x4A, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);

    /// <summary>The same masks by compares, for hardware without a byte shuffle.</summary>
    public static (uint B64, uint Special) PortableMasks(Vector128<byte> v)
    {
        Vector128<byte> lower = v | Vector128.Create((byte)0x20);
        Vector128<byte> alpha = Vector128.LessThan(lower - Vector128.Create((byte)'a'), Vector128.Create((byte)26));
        Vector128<byte> digit = Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
        Vector128<byte> symbol = Vector128.Equals(v, Vector128.Create((byte)'+')) | Vector128.Equals(v, Vector128.Create((byte)'/'))
            | Vector128.Equals(v, Vector128.Create((byte)'-')) | Vector128.Equals(v, Vector128.Create((byte)'_'));
        Vector128<byte> special = Vector128.Equals(v, Vector128.Create((byte)'\\')) | Vector128.Equals(v, Vector128.Create((byte)'&'))
            | Vector128.Equals(v, Vector128.Create((byte)'%'));
        return ((alpha | digit | symbol).ExtractMostSignificantBits(), special.ExtractMostSignificantBits());
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Class<T>(T value) where T : unmanaged, IBinaryInteger<T>
    {
        int c = int.CreateTruncating(value);
        return c < 256 ? Classes[c] : 0;
    }

    /// <summary>
    /// Whether the backslash or ampersand at <paramref name="at"/> starts an escape that spells a character, as
    /// <see cref="Decoders.Escapes"/> and <see cref="Decoders.Entities"/> read them: <c>\xHH</c>, <c>\uHHHH</c>,
    /// <c>\u{H…}</c>, <c>\UHHHHHHHH</c>, <c>&amp;#D…</c>, <c>&amp;#xH…</c>. Any other is left as written, so it can hide nothing.
    /// </summary>
    public static bool SpellsAt<T>(ReadOnlySpan<T> content, int at) where T : unmanaged, IBinaryInteger<T>
    {
        int kind = CharAt(content, at + 1);
        if (CharAt(content, at) == '&')
            return kind == '#' && (CharAt(content, at + 2) is >= '0' and <= '9'
                || (CharAt(content, at + 2) is 'x' or 'X' && HexDigits(content, at + 3, 1)));
        return kind switch
        {
            'x' => HexDigits(content, at + 2, 2),
            'u' => HexDigits(content, at + 2, 4) || (CharAt(content, at + 2) == '{' && HexDigits(content, at + 3, 1)),
            'U' => HexDigits(content, at + 2, 8),
            _ => false,
        };
    }

    /// <summary>Whether the text holds an escape or entity that spells a character (<see cref="SpellsAt{T}"/>).</summary>
    public static bool HidesLetters<T>(ReadOnlySpan<T> text) where T : unmanaged, IBinaryInteger<T>
    {
        T backslash = T.CreateTruncating('\\'), ampersand = T.CreateTruncating('&');
        for (int from = 0, i; (i = text[from..].IndexOfAny(backslash, ampersand)) >= 0; from += i + 1)
            if (SpellsAt(text, from + i)) return true;
        return false;
    }

    private static int CharAt<T>(ReadOnlySpan<T> content, int i) where T : unmanaged, IBinaryInteger<T> =>
        i < content.Length ? int.CreateTruncating(content[i]) : -1;

    private static bool HexDigits<T>(ReadOnlySpan<T> content, int from, int count) where T : unmanaged, IBinaryInteger<T>
    {
        if (from + count > content.Length) return false;
        for (int k = 0; k < count; k++)
            if ((Class(content[from + k]) & HexDigit) == 0) return false;
        return true;
    }

    private static bool HasSemicolonSoon<T>(ReadOnlySpan<T> content, int at) where T : unmanaged, IBinaryInteger<T>
    {
        for (int j = at + 1; j < content.Length && j <= at + 6; j++)
            if (int.CreateTruncating(content[j]) == ';') return true;
        return false;
    }

    /// <summary>Adds the run of base64-class characters at <paramref name="start"/> if it is a candidate; returns its end.</summary>
    private static int AddRun<T>(ReadOnlySpan<T> content, int start, List<Candidate> into) where T : unmanaged, IBinaryInteger<T>
    {
        // A character is base64-class exactly when it has a kind, so one lookup per character both finds the run's
        // end and says what it is made of: OR collects the kinds seen, AND whether all were hex digits.
        ref byte kinds = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(Kinds);
        int any = 0, all = AllKinds;
        int end = start;
        if (typeof(T) == typeof(byte) && Ssse3.IsSupported)
            end = RunKinds(System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(content), start, ref any, ref all);
        for (; end < content.Length; end++)
        {
            uint c = uint.CreateTruncating(content[end]);
            int k = c < 256 ? System.Runtime.CompilerServices.Unsafe.Add(ref kinds, (nint)c) : 0;
            if (k == 0) break;
            any |= k;
            all &= k;
        }
        bool upper = (any & Upper) != 0, lower = (any & Lower) != 0, digit = (any & Digit) != 0, symbol = (any & Symbol) != 0;
        bool allHex = (all & HexKind) != 0;
        if (allHex && end - start >= Decoders.MinHex)
        {
            into.Add(new Candidate(CandidateKind.Hex, start, end));
            return end;
        }
        if (!(upper && lower && (digit || symbol))) return end;
        int padded = end;
        while (padded < content.Length && padded - end < 2 && int.CreateTruncating(content[padded]) == '=') padded++;
        into.Add(new Candidate(CandidateKind.Base64, start, padded));
        return end;
    }

    /// <summary>
    /// The kinds of a run's bytes 16 at a time, from <paramref name="start"/> to the run's end or to where fewer than 16
    /// bytes are left (returned: the scalar loop goes on from there). Identifiers of 16 characters and more are a tenth
    /// of the bytes of C source, and one table lookup per byte was the shape test's second cost. Two nibble lookups
    /// give each byte's kinds at once (<see cref="KindLoNibbles"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int RunKinds(ReadOnlySpan<byte> bytes, int start, ref int any, ref int all)
    {
        ref byte first = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(bytes);
        Vector128<byte> lo = KindLoNibbles, hi = KindHiNibbles, nibble = Vector128.Create((byte)0x0F);
        uint upper = 0, lower = 0, digitOrSymbol = 0, notHex = 0;
        int at = start;
        for (; at + 16 <= bytes.Length; at += 16)
        {
            Vector128<byte> k = NibbleClasses(Vector128.LoadUnsafe(ref first, (nuint)at), lo, hi, nibble);
            uint outside = Vector128.Equals(k, Vector128<byte>.Zero).ExtractMostSignificantBits();
            // The bytes before the first one outside the class are the run's.
            uint run = outside == 0 ? 0xFFFF : (1u << BitOperations.TrailingZeroCount(outside)) - 1;
            upper |= ~Vector128.Equals(k & Vector128.Create(UpperKinds), Vector128<byte>.Zero).ExtractMostSignificantBits() & run;
            lower |= ~Vector128.Equals(k & Vector128.Create(LowerKinds), Vector128<byte>.Zero).ExtractMostSignificantBits() & run;
            digitOrSymbol |= ~Vector128.Equals(k & Vector128.Create(DigitOrSymbolKinds), Vector128<byte>.Zero).ExtractMostSignificantBits() & run;
            notHex |= Vector128.Equals(k & Vector128.Create(HexKinds), Vector128<byte>.Zero).ExtractMostSignificantBits() & run;
            if (outside != 0)
            {
                at += BitOperations.TrailingZeroCount(outside);
                break;
            }
        }
        // Digits and symbols count alike below, so either kind stands for both.
        any |= (upper != 0 ? Upper : 0) | (lower != 0 ? Lower : 0) | (digitOrSymbol != 0 ? Digit : 0);
        if (notHex != 0) all &= ~HexKind;
        return at;
    }

    /// <summary>
    /// Whether the run of base64-class bytes [<paramref name="start"/>, <paramref name="end"/>), 16 to 31 long, has
    /// the upper case, lower case and digit or symbol a base64 candidate needs (<see cref="AddRun{T}"/>'s test). Two
    /// loads, at its start and ending at its end, cover it exactly, so their kinds OR-ed together are the run's.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool MayBeBase64(ref byte first, int start, int end, Vector128<byte> lo, Vector128<byte> hi, Vector128<byte> nibble)
    {
        Vector128<byte> k = NibbleClasses(Vector128.LoadUnsafe(ref first, (nuint)start), lo, hi, nibble)
            | NibbleClasses(Vector128.LoadUnsafe(ref first, (nuint)(end - 16)), lo, hi, nibble);
        k |= Sse2.ShiftRightLogical128BitLane(k, 8);
        k |= Sse2.ShiftRightLogical128BitLane(k, 4);
        k |= Sse2.ShiftRightLogical128BitLane(k, 2);
        k |= Sse2.ShiftRightLogical128BitLane(k, 1);
        int kinds = k.ToScalar();
        return (kinds & UpperKinds) != 0 && (kinds & LowerKinds) != 0 && (kinds & DigitOrSymbolKinds) != 0;
    }

    // Kind bits as products of nibble sets: 0 A-O, 1 P-Z, 2 a-o, 3 p-z, 4 digits, 5 `+ - /`, 6 `_`, 7 hex letters (A-F
    // a-f). A byte's kinds are KindLoNibbles[low] & KindHiNibbles[high]; none for bytes outside the base64 class.
    private const byte UpperKinds = 0x03, LowerKinds = 0x0C, DigitOrSymbolKinds = 0x70, HexKinds = 0x90;
    private static readonly Vector128<byte> KindLoNibbles =
        Vector128.Create((byte)0x1A, 0x9F, 0x9F, 0x9F, 0x9F, 0x9F, 0x9F, 0x1F, 0x1F, 0x1F, 0x0F, 0x25, 0x05, 0x25, 0x05, 0x65);

    private static readonly Vector128<byte> KindHiNibbles =
        Vector128.Create((byte)0x00, 0x00, 0x20, 0x10, 0x81, 0x42, 0x84, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);

    // One candidate per line for in-place encodings: the line is decoded once, and the scan resumes after it.
    private static int AddLine<T>(ReadOnlySpan<T> content, int at, CandidateKind kind, List<Candidate> into) where T : unmanaged, IBinaryInteger<T>
    {
        // Lines of minified and generated files run to thousands of characters: vector searches, both ways.
        int start = content[..at].LastIndexOf(T.CreateTruncating('\n')) + 1;
        int after = content[at..].IndexOfAny(T.CreateTruncating('\n'), T.CreateTruncating('\r'));
        int end = after < 0 ? content.Length : at + after;
        if (into.Count > 0 && into[^1].Kind == kind && into[^1].End >= start) return end;
        into.Add(new Candidate(kind, start, end));
        return end;
    }

    private static int AddToken<T>(ReadOnlySpan<T> content, int at, List<Candidate> into) where T : unmanaged, IBinaryInteger<T>
    {
        static bool Breaks(int c) => c is ' ' or '\t' or '\n' or '\r' or '"' or '\'' or '<' or '>' or '`';
        int start = at;
        while (start > 0 && !Breaks(int.CreateTruncating(content[start - 1]))) start--;
        int end = at;
        while (end < content.Length && !Breaks(int.CreateTruncating(content[end]))) end++;
        into.Add(new Candidate(CandidateKind.Percent, start, end));
        return end;
    }
}
