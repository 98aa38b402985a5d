using SecretScan.Core;
using SecretScan.Rules;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Rules;

/// <summary>
/// Rules that can never report, found from their settings: <c>rules check</c> names them with file:line:col, a
/// config's own rule is a warning at scan time, and every default rule is reachable.
/// </summary>
public class RuleReachabilityTests
{
    private static string RuleFile(string pattern, string extra = "") => $$"""
        provider: Acme
        rotation:
          url: https://acme.example/settings/tokens
          steps: [Revoke it.]
          update: [CI variables]
        rules:
          - id: acme-token
            name: Acme token
            description: An Acme API token.
            severity: high
            keywords: [acme_]
            pattern: '{{pattern}}'
        {{extra}}    examples:
              - 'ACME=acme_q7w2e9r4t6y1u3i8o5p0'
              - 'deploy with acme_z8x6c4v2b0n9m7l5k3j1'
            negative_examples:
              - 'ACME=acme_<value>'
              - 'acme_ is the prefix'

        """;

    private static List<string> Problems(string pattern, string extra = "")
    {
        var loaded = RuleLoader.Load([new RuleFileText("acme.yaml", RuleFile(pattern, extra))], compile: true);
        Assert.That(loaded.Errors, Is.Empty, string.Join("\n", loaded.Errors));
        return [.. RuleReachability.Check(loaded.Rules[0].Rule, loaded.Rules[0].Examples).Select(p => p.Message)];
    }

    [TestCase(@"acme_(?!(?<secret>[a-z0-9]{20}))[a-z0-9]{20}", "inside a negative lookaround", TestName = "secret group in a negative lookahead")]
    [TestCase(@"(?<!(?<secret>x{3}))acme_[a-z0-9]{20}", "inside a negative lookaround", TestName = "secret group in a negative lookbehind")]
    [TestCase(@"acme_(?<secret>[a-z0-9]{20}){0}[a-z0-9]{20}", "quantified {0}", TestName = "secret group quantified zero times")]
    public void SecretGroupThatCannotTakePart_IsAProblem(string pattern, string why)
    {
        var problems = Problems(pattern);
        Assert.That(problems, Has.One.Contains(why).And.Contains("can never"));
    }

    [Test]
    public void EntropyAboveWhatTheLongestSecretCanReach_IsAProblem()
    {
        // 8 characters have at most log2(8) = 3 bits of entropy per character.
        var problems = Problems(@"\b(?<secret>acme_[a-z0-9]{3})\b", "    entropy: 3.5\n");
        Assert.That(problems, Has.One.Contains("entropy 3.5").And.Contains("at most 8 long"));
    }

    [Test]
    public void AllowlistOfAnySecret_IsAProblem()
    {
        var problems = Problems(@"\b(?<secret>acme_[a-z0-9]{20})\b", "    allowlist:\n      regexes: ['.']\n");
        Assert.That(problems, Has.One.Contains("allowlist regex of the rule matches any secret"));
    }

    [TestCase(@"\b(?<secret>acme_[a-z0-9]{20})\b", TestName = "plain")]
    [TestCase(@"(?i)(?<![a-z])(?:acme)_(?-i:(?<secret>[a-z0-9]{20}))(?!\w)", TestName = "lookarounds around the group")]
    [TestCase(@"acme_(?:(?!x{30})(?<secret>[a-z0-9]{20}))", TestName = "negative lookahead beside the group")]
    [TestCase(@"(?x) acme_ (?<secret> [a-z0-9]{20} ) # the token", TestName = "extended syntax")]
    public void SoundRule_HasNoProblem(string pattern)
    {
        Assert.That(Problems(pattern, "    entropy: 3.0\n"), Is.Empty);
    }

    [Test]
    public void EveryDefaultRule_IsReachable()
    {
        var problems = RuleLoader.Load(RuleLoader.DefaultFiles(), compile: true).Rules
            .SelectMany(r => RuleReachability.Check(r.Rule, r.Examples).Select(p => $"{r.Rule.Id}: {p.Message}")).ToList();
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }

    [Test]
    public void RulesCheck_NamesTheRuleWithItsPosition_AndFails()
    {
        using var dir = new TempDirectory();
        dir.File("acme.yaml", RuleFile(@"acme_(?!(?<secret>[a-z0-9]{20}))[a-z0-9]{20}"));

        CliRunner.Result r = CliRunner.Secretscan(dir.Path, "rules", "check", "acme.yaml");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stdout, Does.Contain("acme.yaml:7:5: error: rule 'acme-token': the 'secret' group can never take part in a match"));
    }

    [Test]
    public void ConfigRuleThatCanNeverMatch_IsAWarningAtScanTime()
    {
        using var dir = new TempDirectory();
        dir.File(".secretscan.yaml", "rules:\n" + string.Join('\n', RuleFile(@"\b(?<secret>acme_[a-z0-9]{3})\b", "    entropy: 3.5\n")
            .Split('\n').SkipWhile(l => !l.StartsWith("  - id:", StringComparison.Ordinal)).Select(l => l.Length > 0 ? l : l))
            .Replace("  - id: acme-token", "  - id: acme-token\n    provider: Acme\n    rotation:\n      url: https://acme.example/settings/tokens\n      steps: [Revoke it.]\n      update: [CI variables]"));
        dir.File("a.txt", "hello\n");

        CliRunner.Result r = CliRunner.Secretscan(dir.Path, "dir", ".");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stderr, Does.Contain("rule 'acme-token': entropy 3.5").And.Contain("(rules)"));
    }
}
