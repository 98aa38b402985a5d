using System.Numerics;
using System.Text.RegularExpressions;
using SecretScan.Core.Decoding;

namespace SecretScan.Core;

/// <summary>
/// The hot path: a pure, thread-safe function of (RuleSet, Fragment) to candidate findings.
/// <para>
/// It runs the keyword prefilter once over the content, then each hit rule's regex only in a window around
/// its keyword hits, never over the whole file: generic keywords such as <c>token</c> or <c>password</c> occur in
/// almost every file, and running those rules over whole files is what makes naive scanners crawl
/// (0.8–4 MB/s measured on this kind of machine). Windows of one rule that overlap are merged, so a regex never
/// scans the same text twice.
/// </para>
/// </summary>
public sealed class Detector
{
    /// <summary>How far back from a keyword a match may start: up to the line start, at most this many chars.</summary>
    public const int LookBehind = 256;

    private readonly RuleSet _rules;
    private readonly bool _ignorePathFilters;
    private readonly Dictionary<Rule, int> _rank;

    /// <param name="rules">The rules to apply.</param>
    /// <param name="ignorePathFilters">Apply rules whatever their <c>paths</c>: rule examples have no file name.</param>
    public Detector(RuleSet rules, bool ignorePathFilters = false)
    {
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _ignorePathFilters = ignorePathFilters;
        _rank = new Dictionary<Rule, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < rules.Rules.Length; i++) _rank[rules.Rules[i]] = i;
    }

    public RuleSet Rules => _rules;

    /// <summary>How many layers of encoding the decoder stage looks through; 0 turns the stage off.</summary>
    public int MaxDecodeDepth { get; init; } = DefaultMaxDecodeDepth;

    public const int DefaultMaxDecodeDepth = 2;

    public DetectionResult Detect(Fragment fragment)
    {
        var result = new DetectionResult();
        PlainPass pass = DetectPlain(fragment, result);
        KubernetesEnvPairs.Detect(this, fragment, result);
        if (MaxDecodeDepth > 0)
        {
            try { new DecodeStage(this, fragment, result, MaxDecodeDepth, pass).Run(); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A decoder bug must cost this file its decoded findings, not the scan.
                result.Diagnostics.Add(new Diagnostic(DiagnosticCodes.DecodeFailed, DiagnosticLevel.Warning, fragment.Path,
                    $"decoding failed ({e.GetType().Name}); scanned as written only"));
            }
        }
        ResolveOverlaps(result.Findings);
        AddLineHashes(fragment, result.Findings);
        return result;
    }

    /// <summary>
    /// Rules over the content as written. Bytes are searched for keywords as bytes. ASCII content stays bytes while the
    /// rules' regexes find nothing: each window is widened to text on its own, and the file's text is made only when a
    /// regex matches in one (most keyword hits in ordinary code, such as <c>https://</c> or <c>github</c>, match nothing).
    /// Other content is made text at its first hit, and the byte offsets of the hits are mapped to its char offsets.
    /// </summary>
    /// <summary>What the keyword pass over content as written saw, for the decoder stage.</summary>
    /// <param name="KeywordHit">Whether a rule's keyword occurs.</param>
    /// <param name="Markers">The offsets in the bytes where a name the decoder looks for may start
    /// (<see cref="Decoding.Containers.Markers"/>); null when the pass did not read bytes.</param>
    /// <param name="Hits">The keyword hits in the bytes (rule, offset, length), in offset order; null when the pass did
    /// not read bytes.</param>
    /// <param name="TextMarkers"><paramref name="Markers"/> in the text, in char offsets, when the pass read the content
    /// as text (decoded text, invalid UTF-8); null when it did not.</param>
    internal readonly record struct PlainPass(bool KeywordHit, IReadOnlyList<int>? Markers, List<(int Rule, int At, int Length)>? Hits = null,
        IReadOnlyList<int>? TextMarkers = null);

    internal PlainPass DetectPlain(Fragment fragment, DetectionResult result)
    {
        var windows = new Dictionary<int, List<(int Start, int End)>>();
        void AddWindow(int ruleIndex, (int Start, int End) window)
        {
            if (!windows.TryGetValue(ruleIndex, out var list)) windows[ruleIndex] = list = [];
            // Hits arrive in offset order, so merging with the last window is enough.
            if (list.Count > 0 && window.Start <= list[^1].End) list[^1] = (list[^1].Start, Math.Max(window.End, list[^1].End));
            else list.Add(window);
        }

        bool asBytes = false, searchText = !fragment.HasRawBytes;
        IReadOnlyList<int>? markers = null;
        List<(int, int, int)>? byteHits = null;
        if (fragment.HasRawBytes)
        {
            List<(int Rule, int At, int Length)>? hits = null;
            List<int>? names = null;
            _rules.FindKeywordHits(fragment.Bytes, (r, at, length) => (hits ??= []).Add((r, at, length)), at => (names ??= []).Add(at));
            markers = names ?? (IReadOnlyList<int>)[];
            if (hits is null) return new PlainPass(false, markers, []);
            byteHits = hits;
            if (fragment.IsAscii)
            {
                asBytes = true;
                ReadOnlySpan<byte> bytes = fragment.Bytes;
                foreach (var (r, at, length) in hits) AddWindow(r, WindowOf(bytes, _rules.Rules[r], at, length));
            }
            else if (fragment.MapsByteOffsets)
            {
                // Keywords are ASCII, so a hit starts at a character boundary and its length is the same in chars.
                string content = fragment.Content;
                var cursor = (0, 0);
                foreach (var (r, at, length) in hits) AddWindow(r, WindowOf(content.AsSpan(), _rules.Rules[r], fragment.CharOffset(at, ref cursor), length));
            }
            else searchText = true;   // invalid UTF-8: its text's offsets cannot be counted from the bytes
        }
        List<int>? textMarkers = null;
        if (searchText)
        {
            string content = fragment.Content;
            KeywordHitHandler onHit = (r, at, length) => AddWindow(r, WindowOf(content.AsSpan(), _rules.Rules[r], at, length));
            // The decoder looks for containers in this text too (at the next depth, for decoded text): from the same
            // read, as in bytes.
            _rules.FindKeywordHits(content, onHit, (textMarkers = []).Add);
        }

        if (windows.Count == 0) return new PlainPass(false, markers, byteHits, textMarkers);
        foreach (var (ruleIndex, list) in windows.OrderBy(kv => kv.Key))
        {
            Rule rule = _rules.Rules[ruleIndex];
            if (!_ignorePathFilters && rule.Paths is { IsEmpty: false } paths && !paths.Matches(fragment.Path)) continue;
            var seen = new HashSet<(int, int)>();
            // One timeout disables the rule for the rest of this file: a pattern that backtracks on this content will
            // do so in its other windows too, and each would cost a full timeout.
            foreach (var (start, end) in list)
            {
                if (asBytes && fragment.HasRawBytes)
                {
                    // Regex.Match(text, start, length) sees exactly the window (anchors and lookarounds stop at its
                    // edges), so the window's own text gives the same answer; only a match needs the file's text.
                    bool? any = AnyMatch(rule, fragment, System.Text.Encoding.Latin1.GetString(fragment.Bytes[start..end]), result);
                    if (any is null) break;
                    if (any == false) continue;
                }
                if (!MatchWindow(rule, fragment, start, end, seen, result)) break;
            }
        }
        return new PlainPass(true, markers, byteHits, textMarkers);
    }

    /// <summary>Whether the rule matches in the text; null when it timed out (and was reported).</summary>
    private static bool? AnyMatch(Rule rule, Fragment fragment, string text, DetectionResult result)
    {
        try { return rule.Regex.IsMatch(text); }
        catch (RegexMatchTimeoutException)
        {
            result.Diagnostics.Add(new Diagnostic(DiagnosticCodes.RegexTimeout, DiagnosticLevel.Warning, fragment.Path,
                $"rule '{rule.Id}' timed out on this content and was disabled for this file"));
            return null;
        }
    }

    /// <summary>
    /// Where a rule's regex runs around a keyword hit: from the start of the line (at most <see cref="LookBehind"/>
    /// back) to the end of the line, or <see cref="Rule.Window"/> past the keyword for rules whose match spans lines,
    /// and to the next line for a YAML block scalar's value. Bytes (ASCII) and chars give the same window.
    /// </summary>
    private static (int Start, int End) WindowOf<T>(ReadOnlySpan<T> content, Rule rule, int at, int length) where T : unmanaged, IBinaryInteger<T>
    {
        T newline = T.CreateTruncating('\n');
        int back = Math.Min(at + 1, LookBehind);
        int found = content.Slice(at - back + 1, back).LastIndexOf(newline);
        int lineStart = found >= 0 ? at - back + 1 + found + 1 : 0;
        int start = lineStart > 0 || at < LookBehind ? lineStart : at - LookBehind + 1;
        int end = (int)Math.Min(content.Length, (long)at + length + rule.Window);
        if (!rule.SpansLines)
        {
            int lineEnd = IndexOf(content, newline, at + length, end);
            if (lineEnd >= 0 && rule.ValueOnNextLine && EndsInBlockScalarIndicator(content, at + length, lineEnd))
                lineEnd = lineEnd + 1 < end ? IndexOf(content, newline, lineEnd + 1, end) : -1;
            if (lineEnd >= 0) end = lineEnd;
        }
        return (start, end);
    }

    private static int IndexOf<T>(ReadOnlySpan<T> content, T value, int from, int to) where T : unmanaged, IBinaryInteger<T>
    {
        int i = content[from..to].IndexOf(value);
        return i < 0 ? -1 : from + i;
    }

    /// <summary>Whether [from, lineEnd) ends like <c>key: |</c>, <c>key: &gt;-</c> or <c>key: |2</c> (spaces and a CR allowed after it).</summary>
    private static bool EndsInBlockScalarIndicator<T>(ReadOnlySpan<T> content, int from, int lineEnd) where T : unmanaged, IBinaryInteger<T>
    {
        int i = lineEnd - 1;
        while (i >= from && int.CreateTruncating(content[i]) is ' ' or '\t' or '\r') i--;
        while (i >= from && int.CreateTruncating(content[i]) is '-' or '+' or (>= '0' and <= '9')) i--;
        return i >= from && int.CreateTruncating(content[i]) is '|' or '>';
    }

    /// <summary>
    /// The line hash needs the whole text around the finding, which only detection has: a history finding's file
    /// may be gone from the checkout by the time a report is uploaded.
    /// </summary>
    private static void AddLineHashes(Fragment fragment, List<Finding> findings)
    {
        if (findings.Count == 0) return;
        var hashes = LineHash.Compute(fragment.Content, [.. findings.Select(f => f.Location.StartLine).Distinct()]);
        for (int i = 0; i < findings.Count; i++)
            if (hashes.TryGetValue(findings[i].Location.StartLine, out string? hash))
                findings[i] = findings[i] with { LineHash = hash };
    }

    /// <returns>False when the rule timed out (and was reported): it is not run again on this fragment.</returns>
    private static bool MatchWindow(Rule rule, Fragment fragment, int start, int end, HashSet<(int, int)> seen, DetectionResult result)
    {
        Match m;
        try { m = rule.Regex.Match(fragment.Content, start, end - start); }
        catch (RegexMatchTimeoutException)
        {
            result.Diagnostics.Add(new Diagnostic(DiagnosticCodes.RegexTimeout, DiagnosticLevel.Warning, fragment.Path,
                $"rule '{rule.Id}' timed out on this content and was disabled for this file"));
            return false;
        }
        bool timedOut = false;
        for (; m.Success; m = NextMatch(m, rule, fragment, result, ref timedOut))
        {
            Group g = SecretGroupOf(rule, m);
            if (!g.Success || g.Length == 0 || !seen.Add((g.Index, g.Length))) continue;
            string value = g.Value;
            string trimmed = value.TrimEnd('\r', '\n');
            if (trimmed.Length == 0) continue;
            double entropy = Entropy.Shannon(trimmed);
            if (rule.MinEntropy is double min && entropy < min) { result.BelowEntropy++; continue; }
            if (rule.Checksum is string checksum && !Checksums.Verify(checksum, trimmed)) { result.BadChecksum++; continue; }
            if (Placeholders.IsPlaceholder(trimmed)) { result.Suppressed(Stage.Placeholder); continue; }
            if (IsRuleAllowlisted(rule, trimmed)) { result.Suppressed(Stage.RuleAllowlist); continue; }

            var secret = new Secret(trimmed);
            var (startLine, startColumn) = fragment.Position(g.Index);
            var (endLine, endColumn) = fragment.Position(g.Index + trimmed.Length - 1);
            result.Findings.Add(new Finding
            {
                Rule = rule,
                Location = new Location(fragment.Path, startLine, startColumn, endLine, endColumn, g.Index, g.Index + trimmed.Length),
                Provenance = fragment.Provenance,
                Secret = secret,
                Fingerprint = Fingerprint.Of(rule.Id, secret),
                Entropy = Math.Round(entropy, 3),
            });
        }
        return !timedOut;
    }

    private static Match NextMatch(Match m, Rule rule, Fragment fragment, DetectionResult result, ref bool timedOut)
    {
        try { return m.NextMatch(); }
        catch (RegexMatchTimeoutException)
        {
            result.Diagnostics.Add(new Diagnostic(DiagnosticCodes.RegexTimeout, DiagnosticLevel.Warning, fragment.Path,
                $"rule '{rule.Id}' timed out on this content and was disabled for this file"));
            timedOut = true;
            return Match.Empty;
        }
    }

    public static Group SecretGroupOf(Rule rule, Match m)
    {
        if (rule.SecretGroup is string name)
            return int.TryParse(name, out int number) ? m.Groups[number] : m.Groups[name];
        if (m.Groups.TryGetValue("secret", out Group? named)) return named;
        return m.Groups.Count > 1 ? m.Groups[1] : m.Groups[0];
    }

    private static bool IsRuleAllowlisted(Rule rule, string secret)
    {
        foreach (string word in rule.AllowStopwords)
            if (secret.Contains(word, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (Regex r in rule.AllowRegexes)
        {
            // An allowlist pattern that times out allows nothing: the finding is kept (fail closed).
            try { if (r.IsMatch(secret)) return true; }
            catch (RegexMatchTimeoutException) { }
        }
        return false;
    }

    /// <summary>
    /// Two rules reporting the same characters is one leak: a provider rule beats a generic one, and a longer
    /// secret beats a shorter one inside it (a connection string's password inside a generic assignment).
    /// </summary>
    private void ResolveOverlaps(List<Finding> findings)
    {
        if (findings.Count < 2) return;
        findings.Sort((a, b) => a.Location.StartOffset.CompareTo(b.Location.StartOffset));
        var drop = new HashSet<Finding>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < findings.Count; i++)
            for (int j = i + 1; j < findings.Count && findings[j].Location.StartOffset < findings[i].Location.EndOffset; j++)
            {
                Finding a = findings[i], b = findings[j];
                if (a.Rule == b.Rule) continue;
                if (a.Rule.Generic && !b.Rule.Generic) drop.Add(a);
                else if (b.Rule.Generic && !a.Rule.Generic) drop.Add(b);
                else if (a.Rule.Generic && b.Rule.Generic) drop.Add(a.Secret.Length >= b.Secret.Length ? b : a);
                // Two provider rules: a credential that contains another (a service-account JSON around its PEM key)
                // is the one to rotate; the inner match is part of it.
                else if (Contains(a.Location, b.Location)) drop.Add(b);
                else if (Contains(b.Location, a.Location)) drop.Add(a);
                // The very same characters: the rule listed first wins (default files are ordered by name,
                // so a provider's own file precedes the catch-all private-keys rules).
                else if (a.Location.StartOffset == b.Location.StartOffset && a.Location.EndOffset == b.Location.EndOffset)
                    drop.Add(_rank[a.Rule] <= _rank[b.Rule] ? b : a);
            }
        if (drop.Count > 0) findings.RemoveAll(drop.Contains);
    }

    private static bool Contains(Location outer, Location inner) =>
        outer.StartOffset <= inner.StartOffset && inner.EndOffset <= outer.EndOffset && outer.EndOffset - outer.StartOffset > inner.EndOffset - inner.StartOffset;
}

/// <summary>What detection produced for one fragment, and what it held back and why.</summary>
public sealed class DetectionResult
{
    public List<Finding> Findings { get; } = [];
    public List<Diagnostic> Diagnostics { get; } = [];
    public Dictionary<Stage, int> Suppressions { get; } = [];
    public int BelowEntropy { get; set; }
    public int BadChecksum { get; set; }

    public void Suppressed(Stage stage) => Suppressions[stage] = Suppressions.GetValueOrDefault(stage) + 1;
}

/// <summary>The stages that may hold a candidate back; each is counted in the report so nothing vanishes silently.</summary>
public enum Stage { Placeholder, RuleAllowlist, Allowlist, InlineMarker, Baseline, DisabledRule, NotInChange }
