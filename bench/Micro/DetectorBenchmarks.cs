using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using SecretScan.Core;
using SecretScan.Rules;

BenchmarkSwitcher.FromAssembly(typeof(DetectorBenchmarks).Assembly).Run(args);

/// <summary>
/// The detector's hot path on 1 MB of source-like text with the full default rule set: the keyword prefilter
/// alone, and the whole detection (prefilter, windows, regexes, checks). Throughput = 1 MB / mean time.
/// </summary>
[MemoryDiagnoser]
public class DetectorBenchmarks
{
    private Detector _detector = null!;
    private RuleSet _rules = null!;
    private Fragment _fragment = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rules = new RuleSet(RuleLoader.Load(RuleLoader.DefaultFiles(), compile: false).Rules.Select(r => r.Rule));
        _detector = new Detector(_rules);
        var text = new StringBuilder();
        var random = new Random(42);
        string[] lines =
        [
            "    public async Task<IActionResult> GetTokenAsync(string userId, CancellationToken cancellationToken)",
            "        var password = configuration[\"Database:Password\"] ?? throw new InvalidOperationException();",
            "def authenticate(self, token: str, secret_key: str | None = None) -> bool:",
            "    return hmac.compare_digest(expected, provided)  # constant time",
            "  \"dependencies\": { \"left-pad\": \"^1.3.0\", \"lodash\": \"4.17.21\" },",
            "static int parse_key(const char *key, size_t len, struct config *cfg) {",
            "// The API key is read from the environment; never hard-code it here.",
            "const client = new Client({ apiKey: process.env.API_KEY, timeout: 30_000 });",
        ];
        while (text.Length < 1 << 20) text.AppendLine(lines[random.Next(lines.Length)]);
        _fragment = new Fragment(text.ToString(), "bench.cs", new StdinProvenance());
    }

    [Benchmark]
    public int Prefilter()
    {
        int hits = 0;
        _rules.FindKeywordHits(_fragment.Content, (_, _, _) => hits++);
        return hits;
    }

    [Benchmark]
    public int Detect() => _detector.Detect(_fragment).Findings.Count;
}
