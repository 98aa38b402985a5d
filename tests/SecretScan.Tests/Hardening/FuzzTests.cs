using System.Diagnostics;
using System.Text;
using SecretScan.Core;
using SecretScan.Rules;

namespace SecretScan.Tests.Hardening;

/// <summary>
/// A seeded mutation fuzzer over the parsers that read untrusted files: the real rule files, a config and a baseline
/// are mutated thousands of times; no exception may escape and every error must carry a position. The seed is fixed
/// so a failure reproduces; SECRETSCAN_FUZZ_ITERATIONS and SECRETSCAN_FUZZ_SEED run it longer (tests/FUZZING.md).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class FuzzTests
{
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("SECRETSCAN_FUZZ_ITERATIONS"), out int n) ? n : 1500;
    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("SECRETSCAN_FUZZ_SEED"), out int s) ? s : 20261201;

    private const string ConfigSeed = """
        rule_files: [extra.yaml]
        disable: [generic-api-key]
        override:
          github-pat-classic:
            entropy: 3.5
            paths: ['src/**']
            severity: high
        allowlist:
          paths: ['docs/**']
          secrets: ['^EXAMPLE']
          lines: ['fake']
          stopwords: [dummy, sample]
        options:
          format: json
          max_file_size: 5MB
          exclude: ['vendor/**']
          baseline: .secretscan-baseline.json
        rules:
          - id: inline-rule
            name: Inline rule
            description: A rule in the config.
            provider: Test
            severity: low
            keywords: [inl_]
            pattern: '\b(?<secret>inl_[a-z0-9]{12})\b'
            examples: ['k = inl_a1b2c3d4e5f6', 'inl_z9y8x7w6v5u4']
            negative_examples: ['inl_', 'inl_short']
        """;

    private const string BaselineSeed = """
        {
          "version": 1,
          "entries": [
            { "fingerprint": "f68cec0980b4c1ce04d452a112cf1443", "rule": "aws-access-key-id", "path": "a.txt", "reason": "test", "expires": "2030-01-31" },
            { "fingerprint": "0123456789abcdef0123456789abcdef", "rule": "github-pat-classic", "path": "b.txt" }
          ]
        }
        """;

    /// <summary>Mutations that reach parser corners: byte noise, YAML structure characters, truncation, splicing, nesting.</summary>
    private static string Mutate(string text, Random random)
    {
        var sb = new StringBuilder(text);
        int rounds = 1 + random.Next(4);
        string[] tokens = ["[", "]", "{", "}", "'", "\"", ":", "- ", "\n", "\t", "&a ", "*a", "!!binary ", "? ", "|", ">", "#", "%YAML 1.2\n", "---\n", "\\", "\0", "\uFEFF", "\r", ",", "(", ")", "*+", "(?<", "\u00e9", "\ud83d\ude00"];
        for (int r = 0; r < rounds; r++)
        {
            int at = sb.Length == 0 ? 0 : random.Next(sb.Length);
            switch (random.Next(8))
            {
                case 0: if (sb.Length > 0) sb.Remove(at, Math.Min(sb.Length - at, 1 + random.Next(16))); break;
                case 1: sb.Insert(at, tokens[random.Next(tokens.Length)]); break;
                case 2: if (sb.Length > 0) sb[at] = (char)random.Next(0, 0x80); break;
                case 3: sb.Length = at; break;
                case 4:
                    if (sb.Length > 1)
                    {
                        int from = random.Next(sb.Length), length = Math.Min(sb.Length - from, 1 + random.Next(64));
                        sb.Insert(at, sb.ToString(from, length));
                    }
                    break;
                case 5: sb.Insert(at, new string('[', 1 + random.Next(200))); break;
                case 6: sb.Insert(at, string.Concat(Enumerable.Repeat("a:\n  ", 1 + random.Next(100)))); break;
                default: sb.Insert(at, new string(' ', random.Next(8))); break;
            }
        }
        return sb.ToString();
    }

    private static void AssertPositioned(IEnumerable<RuleError> errors, string input)
    {
        foreach (RuleError e in errors)
            Assert.That(e.Line >= 1 && e.Column >= 1 && e.Source.Length > 0, Is.True, $"error without a position: {e}\n--- input ---\n{input}");
    }

    [Test]
    public void RuleFiles_MutatedThousandsOfTimes_NeverThrowAndEveryErrorHasAPosition()
    {
        var random = new Random(Seed);
        IReadOnlyList<RuleFileText> seeds = RuleLoader.DefaultFiles();
        var clock = Stopwatch.StartNew();
        int withErrors = 0;
        for (int i = 0; i < Iterations; i++)
        {
            RuleFileText seed = seeds[random.Next(seeds.Count)];
            string input = Mutate(seed.Text, random);
            RuleLoadResult result;
            try { result = RuleLoader.Load([new RuleFileText("fuzz.yaml", input)], compile: true); }
            catch (Exception e) { Assert.Fail($"iteration {i} (seed {Seed}): {e.GetType().Name}: {e.Message}\n--- input ---\n{input}"); return; }
            AssertPositioned(result.Errors, input);
            if (result.Errors.Count > 0) withErrors++;
        }
        TestContext.Out.WriteLine($"{Iterations} mutated rule files in {clock.Elapsed.TotalSeconds:0.0} s, {withErrors} rejected with positioned errors");
    }

    [Test]
    public void Configs_MutatedThousandsOfTimes_NeverThrowAndEveryErrorHasAPosition()
    {
        var random = new Random(Seed + 1);
        for (int i = 0; i < Iterations; i++)
        {
            string input = Mutate(ConfigSeed, random);
            var errors = new List<RuleError>();
            try
            {
                ScanConfig config = ScanConfig.Parse("fuzz/.secretscan.yaml", input, errors);
                foreach (ConfigWarning w in config.Warnings)
                    Assert.That(w.Line >= 1 && w.Column >= 1, Is.True, w.ToString());
                UserPolicy.Parse("fuzz/config.yaml", input, errors);
            }
            catch (Exception e) { Assert.Fail($"iteration {i}: {e.GetType().Name}: {e.Message}\n--- input ---\n{input}"); return; }
            AssertPositioned(errors, input);
        }
    }

    [Test]
    public void Baselines_MutatedThousandsOfTimes_FailOnlyWithAPositionedBaselineError()
    {
        var random = new Random(Seed + 2);
        for (int i = 0; i < Iterations; i++)
        {
            string input = Mutate(BaselineSeed, random);
            try { Baseline.Parse("fuzz.json", input); }
            catch (BaselineException e) { Assert.That(e.Message, Does.StartWith("fuzz.json:"), e.Message); }
            catch (Exception e) { Assert.Fail($"iteration {i}: {e.GetType().Name}: {e.Message}\n--- input ---\n{input}"); return; }
        }
    }

    [Test]
    public void ContentDecoder_RandomAndMutatedBytes_AlwaysDecodesOrSaysBinary()
    {
        var random = new Random(Seed + 3);
        byte[] text = Encoding.UTF8.GetBytes(ConfigSeed);
        byte[] utf16 = Encoding.Unicode.GetBytes(ConfigSeed);
        for (int i = 0; i < Iterations * 2; i++)
        {
            byte[] seed = (i % 3) switch { 0 => text, 1 => utf16, _ => new byte[random.Next(64)] };
            byte[] input = (byte[])seed.Clone();
            int flips = random.Next(1, 8);
            for (int f = 0; f < flips && input.Length > 0; f++) input[random.Next(input.Length)] = (byte)random.Next(256);
            if (random.Next(4) == 0 && input.Length > 0) input = input[..random.Next(input.Length)];
            DecodeResult result = default;
            Assert.DoesNotThrow(() => result = ContentDecoder.Decode(input), $"iteration {i}: {Convert.ToHexString(input)}");
            Assert.That(result.Outcome == DecodeOutcome.Binary || result.Text is not null, Is.True);
        }
    }

    [Test]
    public void Yaml_DeeplyNested_IsAPositionedErrorNotAStackOverflow()
    {
        var errors = new List<RuleError>();
        ScanConfig.Parse("deep.yaml", "a: " + new string('[', 30_000), errors);
        RuleLoadResult rules = RuleLoader.Load([new RuleFileText("deep.yaml", new string('{', 30_000))], compile: true);

        Assert.That(errors.Select(e => e.ToString()), Has.Some.Contain("deep.yaml:1:").And.Some.Contain("nested more than"));
        Assert.That(rules.Errors.Select(e => e.ToString()), Has.Some.Contain("nested more than"));
    }

    [Test]
    public void Yaml_UnterminatedQuoteThatThrowsInvalidOperation_IsAPositionedError()
    {
        var errors = new List<RuleError>();
        ScanConfig.Parse("bad.yaml", "a: [x\n'y\n", errors);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].ToString(), Does.StartWith("bad.yaml:1:").And.Contain("malformed YAML"));
    }
}
