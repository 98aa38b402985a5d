using SecretScan.Rules;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Rules;

/// <summary>docs/rules.md is generated from the default rules; a rule change without regenerating it fails here.</summary>
public class RulesDocumentTests
{
    private static string Generated() => RulesDocument.Generate(RuleLoader.Load(RuleLoader.DefaultFiles(), compile: false).Rules);

    private static string DocPath => Path.Combine(CliRunner.RepoRoot, RulesDocument.RelativePath.Replace('/', Path.DirectorySeparatorChar));

    [Test]
    public void RulesDoc_IsCurrent()
    {
        string expected = Generated();
        if (Environment.GetEnvironmentVariable("SECRETSCAN_UPDATE_RULES_DOC") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DocPath)!);
            File.WriteAllText(DocPath, expected);
        }
        Assert.That(File.Exists(DocPath), Is.True, $"{RulesDocument.RelativePath} is missing; create it with: {RulesDocument.RegenerateCommand}");
        // A Windows checkout may have turned the line ends into CRLF; the content is what must match.
        string committed = File.ReadAllText(DocPath).Replace("\r\n", "\n");
        Assert.That(committed == expected, Is.True,
            $"{RulesDocument.RelativePath} is stale (the rules changed); regenerate it with: {RulesDocument.RegenerateCommand}\n{FirstDifference(committed, expected)}");
    }

    [Test]
    public void RulesDoc_ListsEveryProviderAndEveryRuleId()
    {
        var rules = RuleLoader.Load(RuleLoader.DefaultFiles(), compile: false).Rules;
        string doc = Generated();
        Assert.Multiple(() =>
        {
            foreach (string provider in rules.Select(r => r.Rule.Provider).Distinct())
                Assert.That(doc, Does.Contain($"\n## {provider}\n"), provider);
            foreach (var r in rules) Assert.That(doc, Does.Contain($"| `{r.Rule.Id}` |"), r.Rule.Id);
            Assert.That(doc, Does.Not.Contain("\r"));
        });
    }

    [Test]
    public void RulesDoc_CountsMatchTheRuleSet()
    {
        var rules = RuleLoader.Load(RuleLoader.DefaultFiles(), compile: false).Rules;
        RuleCounts c = RuleCounts.Of(rules);
        Assert.Multiple(() =>
        {
            Assert.That(Generated(), Does.Contain($"{c.Rules} rules for {c.Providers} providers"));
            Assert.That(c.WithChecksum, Is.EqualTo(rules.Count(r => r.Rule.Checksum is not null)).And.GreaterThan(0));
            Assert.That(c.Examples, Is.GreaterThanOrEqualTo(2 * c.Rules));
        });
    }

    [Test]
    public void Readme_LinksTheRulesDoc() =>
        Assert.That(File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "README.md")), Does.Contain("(docs/rules.md)"));

    private static string FirstDifference(string committed, string expected)
    {
        string[] a = committed.Split('\n'), b = expected.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "<end of file>", y = i < b.Length ? b[i] : "<end of file>";
            if (x != y) return $"first difference at line {i + 1}:\n  committed: {x}\n  generated: {y}";
        }
        return "";
    }
}
