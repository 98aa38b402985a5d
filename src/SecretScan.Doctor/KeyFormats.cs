using System.Globalization;
using System.Text.RegularExpressions;
using SecretScan.Core;

namespace SecretScan.Doctor;

/// <summary>What the rule set says about one value: the rule it matches, or the rule it was meant for and why it misses.</summary>
public sealed record FormatVerdict(CheckStatus Status, string Message, string? Advice, Rule? Rule);

/// <summary>
/// Asks the loaded rule set the doctor's two questions without touching the Detector's hot path: which rule is meant
/// for a variable (its name's words against providers and rule ids, its value's start against rule keywords), and
/// what a value that matches no rule almost matches. The second is answered by probing the meant rule's own regex
/// with small edits of the value (characters added, removed, a prefix fixed), so it works for any rule, also a
/// user's, without a second description of each format.
/// </summary>
public sealed class KeyFormats
{
    private const int MaxAdded = 200;
    private static readonly string[] Fillers = ["a1b2c3d4e5f60789", "A2B3C4D5E6F7G2H3", "0123456789", "ABCDEFGHJKLMNPQRSTUVWXYZ234567"];
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["hf"] = "huggingface", ["gh"] = "github", ["gcp"] = "google", ["gcloud"] = "google", ["az"] = "azure", ["do"] = "digitalocean", ["cf"] = "cloudflare",
    };

    private static readonly HashSet<string> CommonWords = new(StringComparer.Ordinal)
    {
        "api", "key", "keys", "apikey", "token", "secret", "access", "auth", "password", "pass", "private", "client", "id", "app", "public", "live", "test",
        "prod", "dev", "the", "my", "service", "account", "user", "admin", "bot", "webhook", "sk", "pk", "env", "var", "value", "new", "old", "default",
    };

    private readonly IReadOnlyList<Rule> _rules;
    private readonly Detector _detector;

    public KeyFormats(IReadOnlyList<Rule> rules)
    {
        _rules = rules;
        _detector = new Detector(new RuleSet(rules), ignorePathFilters: true) { MaxDecodeDepth = 0 };
    }

    /// <summary>The provider rules a variable's name points at: <c>OPENAI_API_KEY</c> → the OpenAI rules.</summary>
    public IReadOnlyList<Rule> MeantByName(string name)
    {
        var words = VariableNames.Words(name).Select(w => Aliases.GetValueOrDefault(w, w)).ToList();
        var joined = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < words.Count; i++)
            for (int j = i; j < words.Count; j++)
            {
                var part = words.Skip(i).Take(j - i + 1).ToList();
                string s = string.Concat(part);
                // "API_KEY" alone names no provider, whatever rule ids start with "api" or "key".
                if (s.Length >= 3 && !part.All(CommonWords.Contains)) joined.Add(s);
            }
        return [.. _rules.Where(r => !r.Generic && ProviderKeys(r).Any(joined.Contains))];
    }

    /// <summary>Rules whose keyword starts the value: a value beginning with <c>sk-proj-</c> is meant for an OpenAI project key.</summary>
    public IReadOnlyList<Rule> MeantByValue(string value) =>
        [.. _rules.Where(r => !r.Generic && r.Keywords.Any(k => k.Length >= 3 && LooksLikePrefix(k) && value.StartsWith(k, StringComparison.Ordinal)))];

    public static string ProviderName(IReadOnlyList<Rule> rules) => rules.Select(r => r.Provider).FirstOrDefault(p => p.Length > 0) ?? "";

    /// <summary>The provider rule whose secret is exactly this value, read as <c>NAME=value</c> (context rules need the name).</summary>
    public Rule? ExactRule(string name, string value, out Finding? partial)
    {
        partial = null;
        string text = name + "=" + value;
        DetectionResult result = _detector.Detect(new Fragment(text, ".env", new StdinProvenance()));
        var exact = result.Findings.Where(f => f.Secret.Reveal() == value).OrderBy(f => f.Rule.Generic).FirstOrDefault();
        if (exact is not null) return exact.Rule;
        partial = result.Findings.Where(f => !f.Rule.Generic && value.Contains(f.Secret.Reveal(), StringComparison.Ordinal)).MaxBy(f => f.Secret.Length);
        return null;
    }

    public FormatVerdict Check(string name, string value)
    {
        if (Typographic(value) is string odd)
            return new(CheckStatus.Fail, $"contains {odd}: pasted from a document or chat?", "copy the key again from the provider's console, as plain text", null);
        IReadOnlyList<Rule> byName = MeantByName(name);
        Rule? exact = ExactRule(name, value, out Finding? partial);
        if (exact is { Generic: false })
        {
            if (byName.Count > 0 && !byName.Any(r => r.Provider == exact.Provider))
                return new(CheckStatus.Fail, $"holds a {exact.Provider} credential ({exact.Id}), but the name says {ProviderName(byName)}",
                    $"put the {ProviderName(byName)} key in {name}, or read this {exact.Provider} credential from its own variable", exact);
            return new(CheckStatus.Pass, $"matches {exact.Name} ({exact.Id})", null, exact);
        }
        if (partial is not null)
        {
            string p = partial.Secret.Reveal();
            int before = value.IndexOf(p, StringComparison.Ordinal), after = value.Length - before - p.Length;
            return new(CheckStatus.Fail, string.Create(CultureInfo.InvariantCulture,
                $"the value holds a {partial.Rule.Name} ({partial.Rule.Id}) plus {before} character(s) before and {after} after it"),
                "keep only the key in the value: no quotes, labels, comments or a second paste", partial.Rule);
        }
        if (Identifiers.Recognize(name, value) is { } id)
            return new(CheckStatus.Fail, $"looks like {id.What}, not a secret key", id.Advice, null);
        List<Rule> meant = [.. MeantByValue(value).Concat(byName).Distinct()];
        if (meant.Count == 0)
            return exact is not null
                ? new(CheckStatus.Pass, "no provider rule is known for this name; the value looks like a credential", null, exact)
                : new(CheckStatus.Warn, "no provider rule is known for this name or value, so its format cannot be checked", null, null);
        foreach (Rule rule in meant)
            if (Diagnose(rule, name, value) is string why)
                return new(CheckStatus.Fail, $"{why} ({rule.Id})", AdviceFor(why), rule);
        string provider = ProviderName(meant);
        string prefixes = string.Join(", ", meant.SelectMany(r => r.Keywords).Where(LooksLikePrefix).Distinct().Take(6));
        return new(CheckStatus.Fail, $"does not match any {provider} key format ({string.Join(", ", meant.Select(r => r.Id).Take(4))}{(meant.Count > 4 ? ", ..." : "")})",
            prefixes.Length > 0 ? $"{provider} keys start with {prefixes}: copy the key again from the provider's console" : "copy the key again from the provider's console", null);
    }

    /// <summary>Why a value misses this rule, when a small edit would make it match; null when no such edit is found.</summary>
    internal string? Diagnose(Rule rule, string name, string value)
    {
        if (FullMatch(rule, name, value))
        {
            if (rule.Checksum is string checksum && !Checksums.Verify(checksum, value)) return "fails its checksum: probably a typo";
            if (rule.MinEntropy is double min && Entropy.Shannon(value) < min) return "too regular to be a real key: a placeholder?";
            return null;
        }
        foreach (string filler in Fillers)
            for (int k = 1; k <= MaxAdded; k++)
            {
                string extended = value + Repeat(filler, k);
                if (FullMatch(rule, name, extended))
                    return string.Create(CultureInfo.InvariantCulture, $"looks truncated: {value.Length} of {extended.Length} characters");
            }
        for (int k = 1; k < Math.Min(value.Length - 4, 80); k++)
        {
            if (FullMatch(rule, name, value[..^k]))
                return string.Create(CultureInfo.InvariantCulture, $"{k} character(s) too many at the end: {value.Length} where {value.Length - k} are expected");
            if (FullMatch(rule, name, value[k..]))
                return string.Create(CultureInfo.InvariantCulture, $"{k} character(s) too many at the start: {value.Length} where {value.Length - k} are expected");
        }
        foreach (string keyword in rule.Keywords.Where(LooksLikePrefix))
        {
            if (value.StartsWith(keyword, StringComparison.Ordinal) || value.Length < keyword.Length) continue;
            string head = value[..keyword.Length];
            int distance = VariableNames.EditDistance(head, keyword);
            if (distance is > 0 and <= 2)
                return string.Create(CultureInfo.InvariantCulture, $"does not start with {keyword}: its first {keyword.Length} characters differ from it in {distance} place(s)");
        }
        return null;
    }

    private static string AdviceFor(string why) =>
        why.StartsWith("looks truncated", StringComparison.Ordinal) ? "the paste lost its end: copy the whole key again (a new key if the console shows it only once)"
        : why.StartsWith("fails its checksum", StringComparison.Ordinal) ? "a character was changed: copy the key again instead of retyping it"
        : why.Contains("too many", StringComparison.Ordinal) ? "remove what was pasted around the key (a second copy, a label, a quote)"
        : why.StartsWith("does not start", StringComparison.Ordinal) ? "the start was mistyped: copy the key again"
        : "replace the placeholder with the real key";

    private static bool FullMatch(Rule rule, string name, string candidate)
    {
        string text = name + "=" + candidate;
        try
        {
            for (Match m = rule.Regex.Match(text); m.Success; m = m.NextMatch())
            {
                Group g = Detector.SecretGroupOf(rule, m);
                if (g.Success && g.Index == name.Length + 1 && g.Length == candidate.Length) return true;
            }
        }
        catch (RegexMatchTimeoutException) { }
        return false;
    }

    private static string Repeat(string filler, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = filler[i % filler.Length];
        return new string(chars);
    }

    /// <summary>A keyword that is a key's literal start (<c>sk-proj-</c>, <c>ghp_</c>, <c>xoxb-</c>) rather than a context word (<c>openai</c>).</summary>
    internal static bool LooksLikePrefix(string keyword) => keyword.Any(c => c is '_' or '-' or '.' || char.IsDigit(c)) || keyword.Any(char.IsUpper) && keyword.Any(char.IsLower);

    private static IEnumerable<string> ProviderKeys(Rule rule)
    {
        string provider = rule.Provider;
        int paren = provider.IndexOf('(');
        string main = paren > 0 ? provider[..paren] : provider;
        foreach (string candidate in new[] { provider, main, paren > 0 ? provider[(paren + 1)..].TrimEnd(')') : "", main.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "" })
        {
            string key = new([.. candidate.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
            if (key.Length >= 3) yield return key;
        }
        string idHead = rule.Id.Split('-')[0];
        if (idHead.Length >= 3) yield return idHead;
    }

    /// <summary>The first character that does not belong in a key copied as plain text, described; null when there is none.</summary>
    public static string? Typographic(string value)
    {
        foreach (char c in value)
        {
            string? what = c switch
            {
                '\u2018' or '\u2019' or '\u201A' or '\u201B' => "a typographic quote",
                '\u201C' or '\u201D' or '\u201E' => "a typographic double quote",
                '\u2013' or '\u2014' or '\u2212' => "a typographic dash",
                '\u00A0' or '\u202F' or '\u2007' => "a non-breaking space",
                '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' => "an invisible zero-width character",
                '\u2026' => "an ellipsis (the key was shortened for display)",
                _ => null,
            };
            if (what is not null) return string.Create(CultureInfo.InvariantCulture, $"'{c}' (U+{(int)c:X4}), {what}");
        }
        return null;
    }
}
