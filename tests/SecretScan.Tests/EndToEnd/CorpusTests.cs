using System.Text;
using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>
/// Measured noise and recall of the default rules, through the real executable, on two fixture corpora
/// (tests/SecretScan.Tests/Fixtures, described in its README.md):
/// <list type="bullet">
/// <item><c>clean/</c>: realistic content that holds no secret (lock files, fonts, minified JS, placeholders,
/// documented example keys, i18n files…) on which the default rules must report nothing;</item>
/// <item><c>leaks/</c>: fake but well-formed credentials in the places they really get committed; every leak
/// listed in <c>leaks/expected.json</c> must be found at its file, line and rule, and nothing else.</item>
/// </list>
/// The scans use <c>--no-config</c> so that the repository's own allowlist of the fixtures does not apply.
/// Known shortcomings of the rules are listed explicitly (<c>knownGap</c> in expected.json,
/// <c>clean.known-noise.json</c>) with a reason, so they are counted and printed rather than hidden; an entry that
/// no longer applies fails the test so that the lists, and the numbers, stay exact.
/// </summary>
public class CorpusTests
{
    private static string Fixtures => Path.Combine(CliRunner.RepoRoot, "tests", "SecretScan.Tests", "Fixtures");
    private static string CleanCorpus => Path.Combine(Fixtures, "clean");
    private static string LeakCorpus => Path.Combine(Fixtures, "leaks");

    private sealed record Hit(string File, int Line, string RuleId)
    {
        public override string ToString() => $"{File}:{Line}:{RuleId}";
    }

    private sealed record Listed(Hit Hit, string? Reason);

    private static (CliRunner.Result Result, List<Hit> Findings) Scan(string corpus)
    {
        var r = CliRunner.Secretscan(corpus, "dir", corpus, "--no-config", "-f", "json");
        Assert.That(r.ExitCode, Is.AnyOf(0, 1), r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => new Hit(f.GetProperty("file").GetString()!, f.GetProperty("line").GetInt32(), f.GetProperty("ruleId").GetString()!))
            .OrderBy(h => h.File, StringComparer.Ordinal).ThenBy(h => h.Line).ThenBy(h => h.RuleId, StringComparer.Ordinal)
            .ToList();
        return (r, findings);
    }

    private static List<Listed> ReadList(string path, string arrayName, string reasonName)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty(arrayName).EnumerateArray()
            .Select(e => new Listed(
                new Hit(e.GetProperty("file").GetString()!, e.GetProperty("line").GetInt32(), e.GetProperty("ruleId").GetString()!),
                e.TryGetProperty(reasonName, out var reason) ? reason.GetString() : null))
            .ToList();
    }

    private static List<Listed> PlantedLeaks() => ReadList(Path.Combine(LeakCorpus, "expected.json"), "leaks", "knownGap");

    private static List<Listed> KnownNoise() => ReadList(Path.Combine(Fixtures, "clean.known-noise.json"), "noise", "reason");

    private static string Lines(IEnumerable<object> items) => string.Join("\n", items.Select(i => "  " + i));

    [Test]
    public void CleanCorpus_DefaultRules_ReportNothing()
    {
        var (result, findings) = Scan(CleanCorpus);
        var known = KnownNoise();
        var knownHits = known.Select(k => k.Hit).ToHashSet();

        var unexpected = findings.Where(f => !knownHits.Contains(f)).ToList();
        var stale = known.Where(k => !findings.Contains(k.Hit)).ToList();
        foreach (var k in known.Where(k => findings.Contains(k.Hit)))
            TestContext.Out.WriteLine($"known noise, still reported: {k.Hit} ({k.Reason})");

        Assert.Multiple(() =>
        {
            Assert.That(unexpected, Is.Empty,
                $"findings on the clean corpus (none expected):\n{Lines(unexpected)}\n{result.Stderr}");
            Assert.That(stale, Is.Empty,
                $"clean.known-noise.json lists findings that are no longer reported; remove them:\n{Lines(stale.Select(s => s.Hit))}");
        });
    }

    [Test]
    public void LeakCorpus_DefaultRules_FindEveryPlantedLeakAndNothingElse()
    {
        var (result, findings) = Scan(LeakCorpus);
        var planted = PlantedLeaks();
        Assert.That(planted, Is.Not.Empty);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());

        var found = findings.ToHashSet();
        var plantedHits = planted.Select(p => p.Hit).ToHashSet();
        var missed = planted.Where(p => p.Reason is null && !found.Contains(p.Hit)).Select(p => p.Hit).ToList();
        var gapsNowFound = planted.Where(p => p.Reason is not null && found.Contains(p.Hit)).Select(p => p.Hit).ToList();
        var unexpected = findings.Where(f => !plantedHits.Contains(f)).ToList();
        foreach (var gap in planted.Where(p => p.Reason is not null && !found.Contains(p.Hit)))
            TestContext.Out.WriteLine($"known gap, still missed: {gap.Hit} ({gap.Reason})");

        Assert.Multiple(() =>
        {
            Assert.That(missed, Is.Empty, $"planted leaks not found (file:line:rule):\n{Lines(missed)}\nfound instead:\n{Lines(unexpected)}");
            Assert.That(unexpected, Is.Empty, $"findings that are not planted leaks (or are at another line or rule):\n{Lines(unexpected)}");
            Assert.That(gapsNowFound, Is.Empty, $"leaks marked knownGap in expected.json are found now; remove their knownGap:\n{Lines(gapsNowFound)}");
        });
    }

    [Test]
    public void Corpora_Counts_ArePrinted()
    {
        var (_, clean) = Scan(CleanCorpus);
        var (_, leaks) = Scan(LeakCorpus);
        var planted = PlantedLeaks();
        var found = leaks.ToHashSet();
        int foundCount = planted.Count(p => found.Contains(p.Hit));
        int unexpected = leaks.Count(l => !planted.Any(p => p.Hit == l));
        int cleanFiles = Directory.EnumerateFiles(CleanCorpus, "*", SearchOption.AllDirectories).Count();
        long cleanBytes = Directory.EnumerateFiles(CleanCorpus, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        var report = new StringBuilder()
            .AppendLine($"clean corpus: {clean.Count} finding(s) on {cleanFiles} files ({cleanBytes / 1024} KB)")
            .AppendLine($"leak corpus: {foundCount} of {planted.Count} planted leaks found ({planted.Count(p => p.Reason is not null)} known gaps), {unexpected} unexpected finding(s)");
        foreach (var f in clean) report.AppendLine($"  clean finding: {f}");
        foreach (var p in planted.Where(p => !found.Contains(p.Hit))) report.AppendLine($"  missed leak: {p.Hit}{(p.Reason is null ? "" : $" ({p.Reason})")}");
        string printed = report.ToString();
        TestContext.Out.Write(printed);

        int gaps = planted.Count(p => p.Reason is not null);
        Assert.Multiple(() =>
        {
            Assert.That(planted, Has.Count.GreaterThanOrEqualTo(40), "the leak corpus should plant a few dozen leaks");
            Assert.That(cleanFiles, Is.GreaterThan(0));
            Assert.That(printed, Does.Contain($"clean corpus: {clean.Count} finding(s) on {cleanFiles} files"));
            Assert.That(printed, Does.Contain($"leak corpus: {foundCount} of {planted.Count} planted leaks found ({gaps} known gaps), {unexpected} unexpected"));
            // The printed figures are the corpus's real state: every leak that is not a known gap is found, and
            // each line below the counts explains one number above it.
            Assert.That(foundCount, Is.EqualTo(planted.Count - gaps), "found = planted - known gaps");
            Assert.That(printed.Split('\n').Count(l => l.StartsWith("  missed leak: ", StringComparison.Ordinal)), Is.EqualTo(planted.Count - foundCount));
            Assert.That(printed.Split('\n').Count(l => l.StartsWith("  clean finding: ", StringComparison.Ordinal)), Is.EqualTo(clean.Count));
        });
    }
}
