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
        DetectPlain(fragment, result);
        KubernetesEnvPairs.Detect(this, fragment, result);
        if (MaxDecodeDepth > 0)
        {
            try { new DecodeStage(this, fragment, result, MaxDecodeDepth).Run(); }
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
    /// Rules over the content as written. Bytes are searched for keywords as bytes; the text is made only when
    /// there is a hit, and for ASCII content the byte offsets of the hits are its char offsets.
    /// </summary>
    internal void DetectPlain(Fragment fragment, DetectionResult result)
    {
        var windows = new Dictionary<int, List<(int Start, int End)>>();
        string? content = null;
        void AddWindow(int ruleIndex, int at, int length)
        {
            Rule rule = _rules.Rules[ruleIndex];
            int lineStart = content!.LastIndexOf('\n', at, Math.Min(at + 1, LookBehind)) + 1;
            int start = lineStart > 0 || at < LookBehind ? lineStart : at - LookBehind + 1;
            int end = (int)Math.Min(content.Length, (long)at + length + rule.Window);
            if (!rule.SpansLines)
            {
                int lineEnd = content.IndexOf('\n', at + length, end - at - length);
                if (lineEnd >= 0 && rule.ValueOnNextLine && EndsInBlockScalarIndicator(content, at + length, lineEnd))
                    lineEnd = lineEnd + 1 < end ? content.IndexOf('\n', lineEnd + 1, end - lineEnd - 1) : -1;
                if (lineEnd >= 0) end = lineEnd;
            }
            if (!windows.TryGetValue(ruleIndex, out var list)) windows[ruleIndex] = list = [];
            // Hits arrive in offset order, so merging with the last window is enough.
            if (list.Count > 0 && start <= list[^1].End) list[^1] = (list[^1].Start, Math.Max(end, list[^1].End));
            else list.Add((start, end));
        }

        if (fragment.HasRawBytes)
        {
            List<(int Rule, int At, int Length)>? hits = null;
            _rules.FindKeywordHits(fragment.Bytes, (r, at, length) => (hits ??= []).Add((r, at, length)));
            if (hits is null) return;
            content = fragment.Content;
            if (fragment.MapsByteOffsets)
            {
                // Keywords are ASCII, so a hit starts at a character boundary and its length is the same in chars.
                var cursor = (0, 0);
                foreach (var (r, at, length) in hits) AddWindow(r, fragment.CharOffset(at, ref cursor), length);
            }
            else _rules.FindKeywordHits(content, AddWindow);
        }
        else
        {
            content = fragment.Content;
            _rules.FindKeywordHits(content, AddWindow);
        }

        if (windows.Count == 0) return;
        foreach (var (ruleIndex, list) in windows.OrderBy(kv => kv.Key))
        {
            Rule rule = _rules.Rules[ruleIndex];
            if (!_ignorePathFilters && rule.Paths is { IsEmpty: false } paths && !paths.Matches(fragment.Path)) continue;
            var seen = new HashSet<(int, int)>();
            // One timeout disables the rule for the rest of this file: a pattern that backtracks on this content will
            // do so in its other windows too, and each would cost a full timeout.
            foreach (var (start, end) in list)
                if (!MatchWindow(rule, fragment, start, end, seen, result)) break;
        }
    }

    /// <summary>Whether [from, lineEnd) ends like <c>key: |</c>, <c>key: &gt;-</c> or <c>key: |2</c> (spaces and a CR allowed after it).</summary>
    internal static bool EndsInBlockScalarIndicator(string content, int from, int lineEnd)
    {
        int i = lineEnd - 1;
        while (i >= from && content[i] is ' ' or '\t' or '\r') i--;
        while (i >= from && content[i] is '-' or '+' or (>= '0' and <= '9')) i--;
        return i >= from && content[i] is '|' or '>';
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
