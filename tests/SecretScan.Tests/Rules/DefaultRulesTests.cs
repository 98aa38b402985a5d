using SecretScan.Core;
using SecretScan.Rules;

namespace SecretScan.Tests.Rules;

/// <summary>Every example and negative example of every default rule is its own test case.</summary>
public class DefaultRulesTests
{
    private static readonly Lazy<RuleLoadResult> Defaults = new(() => RuleLoader.Load(RuleLoader.DefaultFiles(), compile: true));

    public static IEnumerable<TestCaseData> Examples() =>
        Defaults.Value.Rules.SelectMany(r => r.Examples.Select((e, i) =>
            new TestCaseData(r.Rule.Id, i).SetName($"{r.Rule.Id}_{(e.Negative ? "negative" : "example")}_{i}")));

    [Test]
    public void Defaults_Load_WithoutErrors() => Assert.That(Defaults.Value.Errors.Select(e => e.ToString()), Is.Empty);

    [Test]
    public void Defaults_EveryRule_HasExamplesNegativesAndAnHttpsRotationUrl()
    {
        Assert.That(Defaults.Value.Rules, Is.Not.Empty);
        foreach (LoadedRule r in Defaults.Value.Rules)
            Assert.Multiple(() =>
            {
                Assert.That(r.Examples.Count(e => !e.Negative), Is.GreaterThanOrEqualTo(2), r.Rule.Id);
                Assert.That(r.Examples.Count(e => e.Negative), Is.GreaterThanOrEqualTo(2), r.Rule.Id);
                Assert.That(r.Rule.Rotation.Url, Does.StartWith("https://"), r.Rule.Id);
                Assert.That(r.Rule.Rotation.Steps, Is.Not.Empty, r.Rule.Id);
            });
    }

    [TestCaseSource(nameof(Examples))]
    public void DefaultRule_Example_BehavesAsDeclared(string ruleId, int index)
    {
        LoadedRule loaded = Defaults.Value.Rules.Single(r => r.Rule.Id == ruleId);
        RuleExample example = loaded.Examples[index];
        var detector = new Detector(new RuleSet([loaded.Rule]), ignorePathFilters: true);
        Assert.That(RuleChecker.Problem(detector, loaded.Rule, example), Is.Null, $"{loaded.Rule.Source}:{example.Line}");
    }

    [Test]
    public void Defaults_AllTogether_DoNotReportNegativeExamples()
    {
        // A negative example of one rule must not be caught by another rule either (e.g. the generic ones).
        var all = new Detector(new RuleSet(Defaults.Value.Rules.Select(r => r.Rule)), ignorePathFilters: true);
        var noisy = Defaults.Value.Rules.SelectMany(r => r.Examples.Where(e => e.Negative).Select(e => (r.Rule.Id, e.Text)))
            .Select(x => (x.Id, Found: all.Detect(new Fragment(x.Text, "example", new StdinProvenance())).Findings.Select(f => f.Rule.Id).ToList()))
            .Where(x => x.Found.Count > 0)
            .Select(x => $"{x.Id}: reported by {string.Join(", ", x.Found)}")
            .ToList();
        Assert.That(noisy, Is.Empty);
    }

    [Test]
    public void Defaults_AllTogether_ReportEachExampleOnceByItsOwnRule()
    {
        // With every rule on, an example is reported by its own rule, and no second finding covers the same text.
        var all = new Detector(new RuleSet(Defaults.Value.Rules.Select(r => r.Rule)), ignorePathFilters: true);
        var problems = new List<string>();
        foreach (LoadedRule r in Defaults.Value.Rules)
            foreach (RuleExample e in r.Examples.Where(e => !e.Negative))
            {
                var findings = all.Detect(new Fragment(e.Text, "example", new StdinProvenance())).Findings;
                if (!findings.Any(f => f.Rule == r.Rule))
                    problems.Add($"{r.Rule.Source}:{e.Line}: {r.Rule.Id} example reported as {string.Join(", ", findings.Select(f => f.Rule.Id))}");
                var overlapping = findings.Where(f => f.Rule != r.Rule && findings.Any(g => g.Rule == r.Rule
                    && f.Location.StartOffset < g.Location.EndOffset && g.Location.StartOffset < f.Location.EndOffset));
                foreach (var f in overlapping) problems.Add($"{r.Rule.Source}:{e.Line}: {r.Rule.Id} example also reported by {f.Rule.Id}");
            }
        Assert.That(problems, Is.Empty);
    }
}
