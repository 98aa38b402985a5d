using System.Text.RegularExpressions;
using SecretScan.Core;

namespace SecretScan.Rules;

/// <summary>
/// Finds rules that can never report anything, from their settings alone, so <c>rules check</c> names the setting
/// instead of leaving the author to wonder why a scan is silent: a secret group that cannot take part in a match
/// (inside a negative lookaround, or quantified <c>{0}</c>), an entropy no secret of the pattern's longest length can
/// reach (Shannon entropy of n characters is at most log2 n), and an allowlist that holds back any secret.
/// Whether a keyword can ever occur near a match is not decided here: keywords are often spelled through classes
/// and alternations the pattern shares with other words, and a rough test warned on sound rules.
/// </summary>
public static class RuleReachability
{
    public sealed record Problem(string Message);

    /// <summary>Strings of different shapes: an allowlist regex matching all of them holds back every secret.</summary>
    private static readonly string[] SampleSecrets = ["zQ7", "ghp_Xy12", "Ab3-_+/=", "p4ss w0rd!", "9f86d081884c7d65"];

    public static List<Problem> Check(Rule rule, IEnumerable<RuleExample> examples)
    {
        var problems = new List<Problem>();
        string group = rule.SecretGroup ?? "secret";
        var shape = PatternShape.Of(rule.Pattern, group);
        if (shape.Occurrences > 0 && shape.Dead == shape.Occurrences)
            problems.Add(new($"the '{group}' group can never take part in a match ({shape.WhyDead}): the rule can never report a secret"));
        if (rule.MinEntropy is double entropy && shape.MaxSecretLength is int longest && longest > 0 && entropy > Math.Log2(longest) + 1e-9)
            problems.Add(new($"entropy {entropy:0.##} needs a secret of more than {Math.Ceiling(Math.Pow(2, entropy)) - 1:0} characters, but the pattern's secret is at most {longest} long: the rule can never match"));
        foreach (Regex allow in rule.AllowRegexes)
        {
            bool all;
            try { all = SampleSecrets.All(allow.IsMatch); }
            catch (RegexMatchTimeoutException) { all = false; }
            if (all) problems.Add(new("an allowlist regex of the rule matches any secret: the rule can never report one"));
        }
        return problems;
    }

    /// <summary>A small reader of .NET regex syntax: enough structure to find the secret group and bound its length.</summary>
    private sealed class PatternShape
    {
        public int Occurrences;
        public int Dead;
        public string WhyDead = "";
        public int? MaxSecretLength;

        private readonly string _p;
        private readonly string _group;
        private readonly bool _extended;
        private int _i;

        private PatternShape(string pattern, string group)
        {
            _p = pattern;
            _group = group;
            _extended = Regex.IsMatch(pattern, @"^\(\?[a-wyz]*x");
        }

        public static PatternShape Of(string pattern, string group)
        {
            var shape = new PatternShape(pattern, group);
            try { shape.Alternation(negative: false, zeroed: false); }
            catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or FormatException or OverflowException)
            {
                // A pattern this reader cannot follow is left to the regex engine and the examples.
                return new PatternShape(pattern, group);
            }
            return shape;
        }

        private const int Unbounded = int.MaxValue;

        private static int Add(int a, int b) => a == Unbounded || b == Unbounded ? Unbounded : (int)Math.Min((long)a + b, Unbounded - 1);

        private static int Times(int a, int n) => a == Unbounded || n == Unbounded ? (a == 0 ? 0 : Unbounded) : (int)Math.Min((long)a * n, Unbounded - 1);

        // alternation := sequence ('|' sequence)*; returns the longest match length.
        private int Alternation(bool negative, bool zeroed)
        {
            int max = Sequence(negative, zeroed);
            while (_i < _p.Length && _p[_i] == '|')
            {
                _i++;
                max = Math.Max(max, Sequence(negative, zeroed));
            }
            return max;
        }

        private int Sequence(bool negative, bool zeroed)
        {
            int total = 0;
            while (_i < _p.Length && _p[_i] != '|' && _p[_i] != ')')
            {
                int atomStart = Occurrences, deadStart = Dead;
                int atom = Atom(negative, zeroed, out bool quantifiable);
                if (!quantifiable) { total = Add(total, atom); continue; }
                var (min, max) = Quantifier();
                if (max == 0 && Occurrences > atomStart)
                {
                    // The secret group sits under {0}: it never takes part.
                    int newly = Occurrences - atomStart - (Dead - deadStart);
                    Dead += newly;
                    if (newly > 0) WhyDead = "it is quantified {0}";
                }
                _ = min;
                total = Add(total, Times(atom, max));
            }
            return total;
        }

        private int Atom(bool negative, bool zeroed, out bool quantifiable)
        {
            quantifiable = true;
            char c = _p[_i];
            if (_extended && char.IsWhiteSpace(c)) { _i++; quantifiable = false; return 0; }
            if (_extended && c == '#')
            {
                while (_i < _p.Length && _p[_i] != '\n') _i++;
                quantifiable = false;
                return 0;
            }
            switch (c)
            {
                case '(':
                    return Group(negative, zeroed);
                case '[':
                    SkipClass();
                    return 1;
                case '\\':
                    return Escape(out quantifiable);
                case '^' or '$':
                    _i++;
                    quantifiable = false;
                    return 0;
                default:
                    _i++;
                    return 1;
            }
        }

        private int Group(bool negative, bool zeroed)
        {
            _i++; // (
            bool innerNegative = negative, capture = false, lookaround = false;
            if (_i < _p.Length && _p[_i] == '?')
            {
                string rest = _p[(_i + 1)..];
                if (rest.StartsWith('!') || rest.StartsWith("<!")) { innerNegative = true; lookaround = true; _i += rest.StartsWith('!') ? 2 : 3; }
                else if (rest.StartsWith('=') || rest.StartsWith("<=")) { lookaround = true; _i += rest.StartsWith('=') ? 2 : 3; }
                else if (rest.StartsWith('#')) { while (_p[_i] != ')') _i++; _i++; return 0; }
                else if ((rest.StartsWith('<') || rest.StartsWith('\'')) && rest.Length > 1 && (char.IsLetter(rest[1]) || rest[1] == '_'))
                {
                    char close = rest[0] == '<' ? '>' : '\'';
                    int end = _p.IndexOf(close, _i + 2);
                    string name = _p[(_i + 2)..end];
                    capture = name == _group;
                    _i = end + 1;
                }
                else if (rest.StartsWith('(')) throw new FormatException("conditional"); // not followed: left to the engine
                else
                {
                    // Options (?i) or (?i:…), non-capturing (?:…), atomic (?>…).
                    int j = _i + 1;
                    while (j < _p.Length && (char.IsLetter(_p[j]) || _p[j] == '-')) j++;
                    if (_p[j] == ')') { _i = j + 1; return 0; }
                    _i = j + 1;
                }
            }
            if (capture)
            {
                Occurrences++;
                if (negative || innerNegative) { Dead++; WhyDead = "it is inside a negative lookaround"; }
            }
            int inner = Alternation(innerNegative, zeroed);
            if (_i >= _p.Length || _p[_i] != ')') throw new FormatException("unbalanced");
            _i++;
            if (capture && !(negative || innerNegative))
            {
                if (inner == Unbounded) _unboundedSecret = true;
                else _longestSecret = Math.Max(_longestSecret, inner);
                MaxSecretLength = _unboundedSecret ? null : _longestSecret;
            }
            return lookaround ? 0 : inner;
        }

        private bool _unboundedSecret;
        private int _longestSecret;

        private void SkipClass()
        {
            _i++; // [
            if (_i < _p.Length && _p[_i] == '^') _i++;
            if (_i < _p.Length && _p[_i] == ']') _i++;
            while (_p[_i] != ']')
            {
                if (_p[_i] == '\\') _i++;
                else if (_p[_i] == '[' && _i + 1 < _p.Length && _p[_i + 1] == ':') { }
                _i++;
            }
            _i++;
        }

        private int Escape(out bool quantifiable)
        {
            quantifiable = true;
            _i++; // backslash
            char e = _p[_i++];
            switch (e)
            {
                case 'b' or 'B' or 'A' or 'z' or 'Z' or 'G':
                    quantifiable = false;
                    return 0;
                case 'x': _i += 2; return 1;
                case 'u': _i += 4; return 1;
                case 'c': _i += 1; return 1;
                case 'p' or 'P':
                    if (_i < _p.Length && _p[_i] == '{') _i = _p.IndexOf('}', _i) + 1;
                    return 1;
                case 'k':
                    // A backreference can be as long as what it refers to.
                    if (_i < _p.Length && (_p[_i] == '<' || _p[_i] == '\'')) _i = _p.IndexOf(_p[_i] == '<' ? '>' : '\'', _i + 1) + 1;
                    return Unbounded;
                case >= '1' and <= '9':
                    while (_i < _p.Length && char.IsDigit(_p[_i])) _i++;
                    return Unbounded;
                default:
                    return 1;
            }
        }

        private (int Min, int Max) Quantifier()
        {
            if (_i >= _p.Length) return (1, 1);
            (int, int) q;
            switch (_p[_i])
            {
                case '*': _i++; q = (0, Unbounded); break;
                case '+': _i++; q = (1, Unbounded); break;
                case '?': _i++; q = (0, 1); break;
                case '{':
                    var m = Regex.Match(_p[_i..], @"^\{(\d+)(,(\d*))?\}");
                    if (!m.Success) return (1, 1);
                    int min = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    int max = !m.Groups[2].Success ? min : m.Groups[3].Value.Length == 0 ? Unbounded : int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
                    _i += m.Length;
                    q = (min, max);
                    break;
                default: return (1, 1);
            }
            if (_i < _p.Length && (_p[_i] == '?' || _p[_i] == '+')) _i++; // lazy or possessive
            return q;
        }
    }
}
