using System.Buffers;
using System.Collections.Immutable;

namespace SecretScan.Core;

/// <summary>
/// The rules of a scan in a stable order, plus the keyword index the prefilter uses: one case-insensitive
/// multi-string search finds every keyword of every rule in a single pass over the content, and each hit
/// names the rules that may match near it.
/// </summary>
public sealed class RuleSet
{
    private readonly SearchValues<string> _keywords;
    // Keyed by the lower-cased first character of a keyword: at a hit, only these few keywords are compared.
    private readonly Dictionary<char, (string Keyword, int[] Rules)[]> _byFirstChar;

    public RuleSet(IEnumerable<Rule> rules)
    {
        Rules = [.. rules];
        var byKeyword = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < Rules.Length; i++)
            foreach (string k in Rules[i].Keywords)
            {
                if (!byKeyword.TryGetValue(k, out var list)) byKeyword[k] = list = [];
                if (!list.Contains(i)) list.Add(i);
            }
        _keywords = SearchValues.Create([.. byKeyword.Keys], StringComparison.OrdinalIgnoreCase);
        _byFirstChar = byKeyword
            .GroupBy(kv => char.ToLowerInvariant(kv.Key[0]))
            .ToDictionary(g => g.Key, g => g.Select(kv => (kv.Key, kv.Value.ToArray())).OrderByDescending(x => x.Key.Length).ToArray());
    }

    public ImmutableArray<Rule> Rules { get; }

    public Rule? Find(string id) => Rules.FirstOrDefault(r => r.Id == id);

    /// <summary>Calls <paramref name="onHit"/> for every (rule index, keyword offset, keyword length) in the content.</summary>
    public void FindKeywordHits(ReadOnlySpan<char> content, KeywordHitHandler onHit)
    {
        int offset = 0;
        while (offset < content.Length)
        {
            int i = content[offset..].IndexOfAny(_keywords);
            if (i < 0) return;
            int at = offset + i;
            if (_byFirstChar.TryGetValue(char.ToLowerInvariant(content[at]), out var candidates))
            {
                ReadOnlySpan<char> rest = content[at..];
                foreach (var (keyword, rules) in candidates)
                    if (rest.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
                        foreach (int r in rules) onHit(r, at, keyword.Length);
            }
            offset = at + 1;
        }
    }
}

public delegate void KeywordHitHandler(int ruleIndex, int offset, int length);
