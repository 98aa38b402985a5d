using System.Buffers;
using System.Collections.Immutable;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using SecretScan.Core;

namespace SecretScan.Rules;

/// <summary>
/// The default rules pre-parsed into a compact binary form that ships in the binary beside their YAML. Parsing 1.4 MB
/// of YAML into 445 rules was most of what a pre-commit hook paid before reading a single staged byte; reading the
/// pack is a string table and a few integers per rule.
/// <para>
/// The YAML stays the source of truth: the pack records the hash of the stamp (name and SHA-256 of each rule file) it
/// was made from, the build embeds the stamp of the YAML it embeds, and a pack whose hash differs is ignored (the YAML
/// is parsed as before), so an edited rule is never shadowed by a stale pack; <c>RulePackTests</c> fails until the pack is regenerated. The pack holds what a scan needs, not
/// the examples: <c>rules check</c> and <c>rules list</c> still read the YAML.
/// </para>
/// </summary>
public static class RulePack
{
    public const string RelativePath = "src/SecretScan.Rules/DefaultRules.pack";
    public const string ResourceName = "default-rules.pack";
    public const string RegenerateCommand =
        "SECRETSCAN_UPDATE_RULES_PACK=1 dotnet test tests/SecretScan.Tests --filter \"FullyQualifiedName~RulePackTests\"";

    // The NULs make every binary sniffer (ours included) skip the file instead of scanning rule text for secrets.
    private static ReadOnlySpan<byte> Magic => "SSRULES\0\0\0\x03"u8;

    public const string StampResourceName = "default-rules.stamp";

    /// <summary>
    /// The hash a pack records: of the rule files' stamp, one <c>name=SHA-256</c> line per file (the build writes the
    /// stamp of the embedded files, see SecretScan.Rules.csproj), so start-up reads one small resource instead of
    /// hashing 283 files. Lines are sorted and the hex upper-cased, so the build's file order and hex case do not count.
    /// </summary>
    public static ulong StampHash(IEnumerable<string> stampLines)
    {
        var lines = stampLines.Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => l.ToUpperInvariant()).ToList();
        lines.Sort(StringComparer.Ordinal);
        return XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
    }

    /// <summary>The stamp of rule files as the build makes it: what the pack generator and its test compare against.</summary>
    public static IEnumerable<string> StampLines(IEnumerable<(string FileName, byte[] Bytes)> files) =>
        files.Select(f => $"{f.FileName}={Convert.ToHexString(SHA256.HashData(f.Bytes))}");

    /// <summary>The stamp of the embedded rule files, computed from their bytes (slow: for the generator and tests).</summary>
    public static IEnumerable<string> EmbeddedFilesStamp()
    {
        var assembly = typeof(RulePack).Assembly;
        return StampLines(RuleLoader.DefaultResourceNames().Select(name =>
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return (name["rules/".Length..], bytes);
        }));
    }

    /// <summary>The hash of the build's stamp of the embedded rule files; 0 (no pack matches) when there is none.</summary>
    public static ulong EmbeddedSourceHash()
    {
        using Stream? stream = typeof(RulePack).Assembly.GetManifestResourceStream(StampResourceName);
        if (stream is null) return 0;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return StampHash(reader.ReadToEnd().Split('\n'));
    }

    /// <summary>The embedded pack's rules, or null when there is none or it was made from other rule files than the embedded ones.</summary>
    public static List<LoadedRule>? ReadEmbedded()
    {
        using Stream? stream = typeof(RulePack).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null) return null;
        ulong hash = EmbeddedSourceHash();
        // An embedded resource lies in the loaded image: read in place, half a megabyte copied into fresh heap pages
        // was a fifth of the page faults of a pre-commit hook's rule loading.
        if (stream is UnmanagedMemoryStream image)
            unsafe { return Read(new ReadOnlySpan<byte>(image.PositionPointer, checked((int)(image.Length - image.Position))), hash); }
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Read(bytes, hash);
    }

    /// <summary>Rules from a pack, or null when <paramref name="expectedHash"/> is not the hash the pack was made from.</summary>
    public static List<LoadedRule>? Read(ReadOnlySpan<byte> pack, ulong expectedHash)
    {
        // A damaged pack costs start-up time (the YAML is parsed instead), never the scan.
        try { return ReadPack(pack, expectedHash); }
        catch (Exception e) when (e is InvalidDataException or IndexOutOfRangeException or ArgumentException) { return null; }
    }

    private static List<LoadedRule>? ReadPack(ReadOnlySpan<byte> pack, ulong expectedHash)
    {
        var r = new Reader(pack);
        if (pack.Length < Magic.Length + 8) return null;
        if (!r.Take(Magic.Length).SequenceEqual(Magic)) return null;
        if (r.UInt64() != expectedHash) return null;
        var strings = new string?[r.Int() + 1];
        for (int i = 1; i < strings.Length; i++) strings[i] = r.Utf8();
        r.Strings = strings;

        var guides = new RotationGuide[r.Int()];
        for (int i = 0; i < guides.Length; i++)
            guides[i] = new RotationGuide { Url = r.Str()!, Steps = r.StrArray(), Update = r.StrArray(), Check = r.StrArray(), Docs = r.Str() };

        int count = r.Int();
        var rules = new List<LoadedRule>(count);
        for (int i = 0; i < count; i++)
        {
            string id = r.Str()!, pattern = r.Str()!;
            ImmutableArray<string> keywords = r.StrArray();
            RotationGuide rotation = guides[r.Int()];
            var rule = new Rule(id, pattern, keywords, rotation)
            {
                Name = r.Str()!,
                Description = r.Str()!,
                Provider = r.Str()!,
                Severity = (Severity)r.Int(),
                Precision = r.Str()!,
                SecretGroup = r.Str(),
                MinEntropy = r.Bool() ? r.Double() : null,
                Checksum = r.Str(),
                Window = r.Int(),
                Generic = r.Bool(),
                SpansLines = r.Bool(),
                ValueOnNextLine = r.Bool(),
                Paths = r.StrArray() is { IsEmpty: false } globs ? new PathFilter(globs) : null,
                AllowRegexes = [.. r.StrArray().Select(Rule.CreateRegex)],
                AllowStopwords = r.StrArray(),
                Source = r.Str()!,
                Verify = r.Bool() ? ReadVerify(ref r) : null,
            };
            int line = r.Int(), column = r.Int();
            rules.Add(new LoadedRule(rule, [], line, column));
        }
        return r.AtEnd ? rules : null;
    }

    private static VerifySpec ReadVerify(ref Reader r)
    {
        string method = r.Str()!, url = r.Str()!;
        var headers = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int n = r.Int(); n > 0; n--) headers[r.Str()!] = r.Str()!;
        return new VerifySpec
        {
            Method = method,
            Url = url,
            Headers = headers.ToImmutable(),
            Basic = r.Bool() ? (r.Str()!, r.Str()!) : null,
            Body = r.Str(),
            Signer = r.Str(),
            Live = r.IntArray(),
            Invalid = r.IntArray(),
            Quota = r.IntArray(),
            Restricted = r.IntArray(),
            LiveBody = r.Str(),
            InvalidBody = r.Str(),
            Pair = r.StrArray(),
        };
    }

    /// <summary>The pack of the given rules, made from rule files with hash <paramref name="sourceHash"/>.</summary>
    public static byte[] Write(IReadOnlyList<LoadedRule> rules, ulong sourceHash)
    {
        var w = new Writer();
        var guides = new Dictionary<RotationGuide, int>(ReferenceEqualityComparer.Instance);
        var guideList = new List<RotationGuide>();
        foreach (LoadedRule loaded in rules)
            if (!guides.ContainsKey(loaded.Rule.Rotation)) { guides[loaded.Rule.Rotation] = guideList.Count; guideList.Add(loaded.Rule.Rotation); }

        var body = new Writer { Table = w.Table };
        body.Int(guideList.Count);
        foreach (RotationGuide g in guideList)
        {
            body.Str(g.Url); body.StrArray(g.Steps); body.StrArray(g.Update); body.StrArray(g.Check); body.Str(g.Docs);
        }
        body.Int(rules.Count);
        foreach (LoadedRule loaded in rules)
        {
            Rule rule = loaded.Rule;
            body.Str(rule.Id); body.Str(rule.Pattern); body.StrArray(rule.Keywords); body.Int(guides[rule.Rotation]);
            body.Str(rule.Name); body.Str(rule.Description); body.Str(rule.Provider); body.Int((int)rule.Severity);
            body.Str(rule.Precision); body.Str(rule.SecretGroup);
            body.Bool(rule.MinEntropy is not null);
            if (rule.MinEntropy is double entropy) body.Double(entropy);
            body.Str(rule.Checksum); body.Int(rule.Window); body.Bool(rule.Generic); body.Bool(rule.SpansLines); body.Bool(rule.ValueOnNextLine);
            body.StrArray(rule.Paths?.Globs ?? []);
            body.StrArray([.. rule.AllowRegexes.Select(x => x.ToString())]);
            body.StrArray(rule.AllowStopwords);
            body.Str(rule.Source);
            body.Bool(rule.Verify is not null);
            if (rule.Verify is { } v)
            {
                body.Str(v.Method); body.Str(v.Url);
                body.Int(v.Headers.Count);
                foreach (var (name, value) in v.Headers.OrderBy(h => h.Key, StringComparer.Ordinal)) { body.Str(name); body.Str(value); }
                body.Bool(v.Basic is not null);
                if (v.Basic is { } basic) { body.Str(basic.User); body.Str(basic.Password); }
                body.Str(v.Body); body.Str(v.Signer);
                body.IntArray(v.Live); body.IntArray(v.Invalid); body.IntArray(v.Quota); body.IntArray(v.Restricted);
                body.Str(v.LiveBody); body.Str(v.InvalidBody); body.StrArray(v.Pair);
            }
            body.Int(loaded.Line); body.Int(loaded.Column);
        }

        var head = new Writer();
        head.Raw(Magic);
        head.UInt64(sourceHash);
        head.Int(w.Table.Order.Count);
        foreach (string s in w.Table.Order) head.Utf8(s);
        head.Raw(body.Bytes);
        return head.Bytes.ToArray();
    }

    private sealed class StringTable
    {
        public Dictionary<string, int> Index { get; } = new(StringComparer.Ordinal);
        public List<string> Order { get; } = [];
    }

    private sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _out = new();
        public StringTable Table { get; init; } = new();
        public ReadOnlySpan<byte> Bytes => _out.WrittenSpan;

        public void Raw(ReadOnlySpan<byte> bytes) => _out.Write(bytes);

        public void Int(int value)
        {
            uint v = (uint)value;
            while (v >= 0x80) { _out.Write([(byte)(v | 0x80)]); v >>= 7; }
            _out.Write([(byte)v]);
        }

        public void UInt64(ulong value) { Span<byte> b = stackalloc byte[8]; System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b, value); _out.Write(b); }
        public void Double(double value) => UInt64((ulong)BitConverter.DoubleToInt64Bits(value));
        public void Bool(bool value) => Int(value ? 1 : 0);

        public void Utf8(string s)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(s);
            Int(bytes.Length);
            _out.Write(bytes);
        }

        /// <summary>0 is null; otherwise the 1-based index in the string table.</summary>
        public void Str(string? s)
        {
            if (s is null) { Int(0); return; }
            if (!Table.Index.TryGetValue(s, out int index))
            {
                Table.Order.Add(s);
                Table.Index[s] = index = Table.Order.Count;
            }
            Int(index);
        }

        public void StrArray(IReadOnlyCollection<string> items) { Int(items.Count); foreach (string s in items) Str(s); }
        public void IntArray(ImmutableArray<int> items) { Int(items.Length); foreach (int i in items) Int(i); }
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;
        public string?[] Strings { get; set; } = [];
        public readonly bool AtEnd => _at == _bytes.Length;

        public ReadOnlySpan<byte> Take(int n)
        {
            if ((uint)n > (uint)(_bytes.Length - _at)) throw new InvalidDataException("truncated rule pack");
            ReadOnlySpan<byte> span = _bytes.Slice(_at, n);
            _at += n;
            return span;
        }

        public int Int()
        {
            uint result = 0;
            for (int shift = 0; shift < 35; shift += 7)
            {
                byte b = Take(1)[0];
                result |= (uint)(b & 0x7F) << shift;
                if (b < 0x80) return (int)result;
            }
            throw new InvalidDataException("bad integer in rule pack");
        }

        public ulong UInt64() => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        public double Double() => BitConverter.Int64BitsToDouble((long)UInt64());
        public bool Bool() => Int() != 0;
        public string Utf8() => Encoding.UTF8.GetString(Take(Int()));
        public string? Str() => Strings[Int()];

        public ImmutableArray<string> StrArray()
        {
            int n = Int();
            if (n == 0) return [];
            var b = ImmutableArray.CreateBuilder<string>(n);
            for (int i = 0; i < n; i++) b.Add(Str()!);
            return b.MoveToImmutable();
        }

        public ImmutableArray<int> IntArray()
        {
            int n = Int();
            var b = ImmutableArray.CreateBuilder<int>(n);
            for (int i = 0; i < n; i++) b.Add(Int());
            return b.MoveToImmutable();
        }
    }
}
