using System.Collections.Immutable;

namespace SecretScan.Core.Decoding;

/// <summary>
/// The decoder stage of one fragment: finds candidate spans (shape test and named containers), decodes them, runs
/// detection over what they decode to, and recurses into the decoded text up to the depth limit. A finding made in
/// decoded text is reported at the encoded span in the original file, with the chain of decodings, and is
/// fingerprinted on the decoded secret, so a key found plain and encoded is one secret.
/// </summary>
internal sealed class DecodeStage
{
    /// <summary>Decoded text per fragment is bounded, so a file of nested encodings cannot make a scan explode.</summary>
    private const long BudgetFactor = 4;

    private readonly Detector _detector;
    private readonly Fragment _root;
    private readonly DetectionResult _result;
    private readonly int _maxDepth;
    // Made when decoded text first has a finding: most fragments never get that far, and building the set of the
    // plain findings for each of them was a tenth of the stage's own cost.
    private HashSet<string>? _fingerprints;
    private long _budget;

    private sealed record Layer(Layer? Parent, int Start, int End, int[]? Map, ImmutableArray<string> Chain);

    private readonly Detector.PlainPass _plain;

    /// <param name="plain">What the keyword pass saw in the content as written.</param>
    public DecodeStage(Detector detector, Fragment root, DetectionResult result, int maxDepth, Detector.PlainPass plain)
    {
        _plain = plain;
        _detector = detector;
        _root = root;
        _result = result;
        _maxDepth = maxDepth;
    }

    public void Run()
    {
        // Content with no keyword hit is decoded only if the shape test sees something that could hide one, which
        // ordinary source rarely has. (With a hit, plain escapes such as \" matter too: JSON inside a string.)
        // The keyword pass looked for the containers' names in the bytes it read; when it read none, they are looked for here.
        bool named = _root.HasKeptBytes && (_plain.Markers is { } markers ? Containers.NamedAt(_root.KeptBytes, markers) : Containers.MayContain(_root.KeptBytes));
        if (!_plain.KeywordHit && _root.HasRawBytes && !named && !ShapeTest.MayHideEncoded(_root.Bytes)) return;
        if (_root.HasKeptBytes && _root.MapsByteOffsets && (_root.IsAscii || !named))
        {
            // ASCII, Latin-1 and valid UTF-8 bytes: candidates are found in the bytes (the shape test's classes are
            // ASCII, so it finds the same spans in bytes as in text, each starting and ending on a character) and
            // only their spans are made text, so the file as a whole is never made UTF-16 for the decoder.
            ReadOnlySpan<byte> bytes = _root.KeptBytes;
            _budget = BudgetFactor * bytes.Length + 1_000_000;
            var candidates = CandidateLists.Rent();
            // A named container is matched by regexes on windows of the bytes (ASCII here: its char offsets are its
            // byte offsets).
            if (named) Containers.FindNamed(bytes, _plain.Markers, () => _root.Content, candidates);
            int namedCount = candidates.Count;
            ShapeTest.Find(bytes, candidates);
            DecodeAll(null, bytes, candidates, namedCount, null, 1);
            CandidateLists.Return(candidates);
            return;
        }
        string text = _root.Content;
        _budget = BudgetFactor * text.Length + 1_000_000;
        if (_root.HasKeptBytes && _root.MapsByteOffsets)
        {
            // A non-ASCII file naming a container: the named candidates come from the text, the shape test's from the
            // bytes, whose offsets are mapped to the text's.
            var candidates = CandidateLists.Rent();
            if (_plain.Markers is { } byteMarkers)
            {
                // The keyword pass's offsets, in offset order, mapped to the text's as its hits are.
                var charMarkers = new List<int>(byteMarkers.Count);
                var at = (0, 0);
                foreach (int marker in byteMarkers) charMarkers.Add(_root.CharOffset(marker, ref at));
                Containers.Find(text, charMarkers, candidates);
            }
            else Containers.FindNamed(text, candidates);
            int namedCount = candidates.Count;
            ShapeTest.Find(_root.KeptBytes, candidates);
            var cursor = (0, 0);
            for (int i = namedCount; i < candidates.Count; i++)
            {
                Candidate c = candidates[i];
                int start = _root.CharOffset(c.Start, ref cursor);
                candidates[i] = c with { Start = start, End = _root.CharOffset(c.End, ref cursor) };
            }
            DecodeAll(text, default, candidates, namedCount, null, 1);
            CandidateLists.Return(candidates);
            return;
        }
        // Text given as text, and invalid UTF-8: the text is searched as before.
        Decode(text, null, 1, _plain.TextMarkers);
    }

    /// <param name="markers">Where the keyword pass over <paramref name="text"/> saw a container's name may start; null
    /// when it did not look.</param>
    private void Decode(string text, Layer? parent, int depth, IReadOnlyList<int>? markers)
    {
        var candidates = CandidateLists.Rent();
        if (markers is null) Containers.Find(text, candidates);
        else Containers.Find(text, markers, candidates);
        int named = candidates.Count;
        ShapeTest.Find(text.AsSpan(), candidates);
        DecodeAll(text, default, candidates, named, parent, depth);
        CandidateLists.Return(candidates);
    }

    /// <summary>
    /// Decodes the candidates of a text, given as a string or (at the root only) as its bytes, with the candidates'
    /// byte offsets, which are mapped to char offsets here.
    /// </summary>
    private void DecodeAll(string? text, ReadOnlySpan<byte> bytes, List<Candidate> candidates, int named, Layer? parent, int depth)
    {
        var cursor = (0, 0);
        for (int i = 0; i < candidates.Count; i++)
        {
            Candidate c = candidates[i];
            if (i >= named && IsNamed(candidates, named, c)) continue;
            bool inPlace = c.Kind is CandidateKind.Escapes or CandidateKind.Entities;
            ReadOnlySpan<char> span;
            if (text is not null)
            {
                span = text.AsSpan(c.Start, c.End - c.Start);
                if (inPlace && !MayMatter(span)) continue;
            }
            else
            {
                // Judged on the bytes: most such lines (C's "\n", JSON's \") are dropped before they are made text.
                if (inPlace && !MayMatter(bytes, c.Start, c.End)) continue;
                span = Widen(bytes[c.Start..c.End]);
                if (!_root.IsAscii) c = c with { Start = _root.CharOffset(c.Start, ref cursor), End = _root.CharOffset(c.End, ref cursor) };
            }
            DecodedText? decoded = DecodeOne(span, c);
            if (decoded is null || (_budget -= decoded.Text.Length) < 0) continue;
            var layer = new Layer(parent, c.Start, c.End, decoded.Map, parent is null ? [decoded.Kind] : parent.Chain.Add(decoded.Kind));
            IReadOnlyList<int>? markers = Detect(decoded.Text, layer, inPlace: decoded.Map is not null);
            if (depth < _maxDepth) Decode(decoded.Text, layer, depth + 1, markers);
        }
    }

    // One buffer per thread: a widened span is used up (decoded into a new string) before the next one is made, deeper
    // layers read their own decoded strings, and a thread runs one stage at a time. (A buffer per stage was an
    // allocation per file with candidates.) One outgrown by a huge line is not kept.
    private const int MaxKeptWidened = 1 << 16;
    [ThreadStatic] private static char[]? t_widened;

    private ReadOnlySpan<char> Widen(ReadOnlySpan<byte> span)
    {
        // Neither encoding makes more chars than bytes.
        char[] buffer = t_widened ??= new char[256];
        if (buffer.Length < span.Length)
        {
            buffer = new char[Math.Max(span.Length, 2 * buffer.Length)];
            if (buffer.Length <= MaxKeptWidened) t_widened = buffer;
        }
        int written;
        if (_root.IsAscii) System.Text.Ascii.ToUtf16(span, buffer, out written);
        else written = _root.BytesEncoding.GetChars(span, buffer);
        return buffer.AsSpan(0, written);
    }

    // Escapes that cannot spell letters (\" \n &quot;) cannot hide a keyword: such a line is worth decoding only
    // when it already has one, which keeps the many escaped strings of ordinary source cheap.
    private bool MayMatter(ReadOnlySpan<char> line) => ShapeTest.HidesLetters(line) || _detector.Rules.HasKeywordHit(line);

    /// <summary><see cref="MayMatter(ReadOnlySpan{char})"/> for the line [<paramref name="start"/>, <paramref name="end"/>)
    /// of the root's bytes: the keyword pass's hits say whether a keyword stands in it (no keyword crosses a line end),
    /// so the line is not searched for keywords again.</summary>
    private bool MayMatter(ReadOnlySpan<byte> bytes, int start, int end)
    {
        // The hits first: a line with one needs no look at its escapes.
        if (_plain.Hits is not { } hitList) return ShapeTest.HidesLetters(bytes[start..end]) || _detector.Rules.HasKeywordHit(bytes[start..end]);
        ReadOnlySpan<(int Rule, int At, int Length)> hits = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hitList);
        // The first hit at or after the line's start, by halving (hits are in offset order).
        int lo = 0, hi = hits.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (hits[mid].At < start) lo = mid + 1;
            else hi = mid;
        }
        for (; lo < hits.Length && hits[lo].At < end; lo++)
            if (hits[lo].At + hits[lo].Length <= end) return true;
        return ShapeTest.HidesLetters(bytes[start..end]);
    }

    private static bool IsNamed(List<Candidate> candidates, int named, Candidate c)
    {
        for (int j = 0; j < named; j++)
            if (candidates[j].Start < c.End && c.Start < candidates[j].End && c.Kind == CandidateKind.Base64) return true;
        return false;
    }

    private static DecodedText? DecodeOne(ReadOnlySpan<char> span, Candidate c)
    {
        DecodedText? decoded = c.Kind switch
        {
            CandidateKind.Base64 => Decoders.Base64(span, named: c.NamedAs is not null),
            CandidateKind.Hex => Decoders.Hex(span),
            CandidateKind.Escapes => Decoders.Escapes(span, c.Start),
            CandidateKind.Entities => Decoders.Entities(span, c.Start),
            CandidateKind.Percent => Decoders.Percent(span, c.Start),
            _ => null,
        };
        if (decoded is null || c.NamedAs is null) return decoded;
        // A named value is shown under its name, so rules keyed on credential names see it as they would plain;
        // user:password pairs are split the way they are meant.
        string value = decoded.Text;
        string shown = $"{value}\n{c.NamedAs}: {value}\n";
        int colon = value.IndexOf(':');
        if (c.SplitUserInfo && colon > 0)
            shown += $"username: {value[..colon]}\npassword: {value[(colon + 1)..]}\n";
        return decoded with { Text = shown };
    }

    /// <summary>Detection over a layer's decoded text; returns where its keyword pass saw container names (see
    /// <see cref="Detector.PlainPass.TextMarkers"/>).</summary>
    private IReadOnlyList<int>? Detect(string text, Layer layer, bool inPlace)
    {
        var child = new Fragment(text, _root.Path, _root.Provenance);
        var found = new DetectionResult();
        Detector.PlainPass pass = _detector.DetectPlain(child, found);
        foreach (var (stage, count) in found.Suppressions) _result.Suppressions[stage] = _result.Suppressions.GetValueOrDefault(stage) + count;
        _result.BelowEntropy += found.BelowEntropy;
        _result.BadChecksum += found.BadChecksum;
        _result.Diagnostics.AddRange(found.Diagnostics);
        if (found.Findings.Count > 0) _fingerprints ??= [.. _result.Findings.Select(f => f.Fingerprint)];
        foreach (Finding f in found.Findings)
        {
            if (_fingerprints!.Contains(f.Fingerprint)) continue;
            var (start, end) = ToRoot(layer, f.Location.StartOffset, f.Location.EndOffset);
            // Escapes and entities leave most characters as they were: what plain detection already reported on
            // the same characters is not reported again.
            if (inPlace && _result.Findings.Any(r => r.Rule == f.Rule && r.Decoded.IsEmpty && r.Location.StartOffset < end && start < r.Location.EndOffset)) continue;
            var (startLine, startColumn) = _root.Position(start);
            var (endLine, endColumn) = _root.Position(Math.Max(start, end - 1));
            _fingerprints.Add(f.Fingerprint);
            _result.Findings.Add(f with
            {
                Location = new Location(_root.Path, startLine, startColumn, endLine, endColumn, start, Math.Max(end, start + 1)),
                Decoded = layer.Chain,
            });
        }
        return pass.TextMarkers;
    }

    private static (int Start, int End) ToRoot(Layer? layer, int start, int end)
    {
        for (; layer is not null; layer = layer.Parent)
        {
            if (layer.Map is { } map)
            {
                start = map[Math.Clamp(start, 0, map.Length - 1)];
                end = map[Math.Clamp(end, 0, map.Length - 1)];
                if (end <= start) end = Math.Min(layer.End, start + 1);
            }
            else (start, end) = (layer.Start, layer.End);
        }
        return (start, end);
    }
}
