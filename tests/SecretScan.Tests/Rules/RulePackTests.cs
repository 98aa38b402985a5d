using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using SecretScan.Core;
using SecretScan.Rules;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Rules;

/// <summary>
/// The pre-parsed default rules (src/SecretScan.Rules/DefaultRules.pack) must say exactly what the YAML says: a rule
/// change without regenerating the pack fails here (a scan would still be right, only slower: a stale pack is ignored).
/// </summary>
public class RulePackTests
{
    private static string PackPath => Path.Combine(CliRunner.RepoRoot, RulePack.RelativePath.Replace('/', Path.DirectorySeparatorChar));

    private static (List<LoadedRule> Rules, ulong Hash) FromYaml()
    {
        IReadOnlyList<RuleFileText> files = RuleLoader.DefaultFiles();
        RuleLoadResult loaded = RuleLoader.Load(files, compile: false);
        Assert.That(loaded.Errors, Is.Empty);
        return (loaded.Rules, RulePack.StampHash(RulePack.EmbeddedFilesStamp()));
    }

    [Test]
    public void Pack_IsCurrent()
    {
        var (rules, hash) = FromYaml();
        byte[] expected = RulePack.Write(rules, hash);
        if (Environment.GetEnvironmentVariable("SECRETSCAN_UPDATE_RULES_PACK") == "1") File.WriteAllBytes(PackPath, expected);
        Assert.That(File.Exists(PackPath), Is.True, $"{RulePack.RelativePath} is missing; create it with: {RulePack.RegenerateCommand}");
        Assert.That(File.ReadAllBytes(PackPath).SequenceEqual(expected), Is.True,
            $"{RulePack.RelativePath} is stale (the rules or the loader changed); regenerate it with: {RulePack.RegenerateCommand}");
    }

    [Test]
    public void PrebuiltRegexes_AreCurrent()
    {
        string path = Path.Combine(CliRunner.RepoRoot, PrebuiltRegexSource.RelativePath.Replace('/', Path.DirectorySeparatorChar));
        string expected = PrebuiltRegexSource.Write(FromYaml().Rules.Select(r => r.Rule));
        if (Environment.GetEnvironmentVariable("SECRETSCAN_UPDATE_RULES_PACK") == "1") File.WriteAllText(path, expected);
        Assert.That(File.ReadAllText(path), Is.EqualTo(expected),
            $"{PrebuiltRegexSource.RelativePath} is stale (a generic rule changed); regenerate it with: {RulePack.RegenerateCommand}");
    }

    [Test]
    public void GenericRules_UseTheBuildTimeRegex_WithTheRuntimeOptions()
    {
        var generic = RuleLoader.LoadDefaults().Rules.Select(r => r.Rule).Where(PrebuiltRegexSource.Wanted).ToList();
        Assert.That(generic, Has.Count.GreaterThanOrEqualTo(5));
        Assert.Multiple(() =>
        {
            foreach (Rule rule in generic)
            {
                Regex regex = Rule.CreateRegex(rule.Pattern);
                // A source-generated regex is its own type; the interpreter's is Regex itself.
                Assert.That(regex.GetType(), Is.Not.EqualTo(typeof(Regex)), rule.Id);
                Assert.That((regex.ToString(), regex.Options, regex.MatchTimeout), Is.EqualTo((rule.Pattern, Rule.Options, Rule.MatchTimeout)), rule.Id);
            }
            // An edited pattern is built at run time.
            Assert.That(Rule.CreateRegex(generic[0].Pattern + " ").GetType(), Is.EqualTo(typeof(Regex)));
        });
    }

    [Test]
    public void BuildStamp_IsTheStampOfTheEmbeddedRuleFiles()
    {
        // Start-up trusts the stamp the build wrote (SecretScan.Rules.csproj); the generator stamps the files it parsed: they must agree or the pack is never used.
        Assert.That(RulePack.EmbeddedSourceHash(), Is.EqualTo(FromYaml().Hash));
    }

    [Test]
    public void StampHash_ChangesWithAFileOrItsContent_NotWithOrderOrHexCase()
    {
        string[] stamp = ["a.yaml=0A1B", "b.yaml=2C3D"];
        ulong hash = RulePack.StampHash(stamp);
        Assert.Multiple(() =>
        {
            Assert.That(RulePack.StampHash(["b.yaml=2c3d", "a.yaml=0a1b", ""]), Is.EqualTo(hash));
            Assert.That(RulePack.StampHash(["a.yaml=0A1B", "b.yaml=2C3E"]), Is.Not.EqualTo(hash));
            Assert.That(RulePack.StampHash(["a.yaml=0A1B"]), Is.Not.EqualTo(hash));
            Assert.That(RulePack.StampHash(["a.yaml=0A1B", "c.yaml=2C3D"]), Is.Not.EqualTo(hash));
            Assert.That(RulePack.StampLines([("x.yaml", "provider: X\n"u8.ToArray())]).Single(),
                Is.EqualTo("x.yaml=" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("provider: X\n"u8))));
        });
    }

    [Test]
    public void EmbeddedPack_IsUsedAndGivesTheRulesOfTheYaml()
    {
        var (rules, hash) = FromYaml();
        List<LoadedRule>? packed = RulePack.ReadEmbedded();
        Assert.That(packed, Is.Not.Null, "the embedded pack was ignored as stale: " + RulePack.RegenerateCommand);
        Assert.That(packed!.Select(r => r.Rule.Id), Is.EqualTo(rules.Select(r => r.Rule.Id)));
        // Written again, the rules read from the pack give the very same bytes: every field survived the round trip.
        Assert.That(RulePack.Write(packed, hash).SequenceEqual(RulePack.Write(rules, hash)), Is.True);
        Assert.That(RuleLoader.LoadDefaults().Rules.Select(r => r.Rule.Id), Is.EqualTo(rules.Select(r => r.Rule.Id)));
    }

    [Test]
    public void RoundTrip_KeepsEveryField()
    {
        var (rules, hash) = FromYaml();
        List<LoadedRule> back = RulePack.Read(RulePack.Write(rules, hash), hash)!;
        Assert.Multiple(() =>
        {
            for (int i = 0; i < rules.Count; i++)
            {
                Rule a = rules[i].Rule, b = back[i].Rule;
                Assert.That(Describe(b), Is.EqualTo(Describe(a)), a.Id);
                Assert.That((back[i].Line, back[i].Column), Is.EqualTo((rules[i].Line, rules[i].Column)), a.Id);
            }
        });
    }

    [Test]
    public void Read_RejectsAPackOfOtherRuleFiles()
    {
        var (rules, hash) = FromYaml();
        byte[] pack = RulePack.Write(rules, hash);
        Assert.Multiple(() =>
        {
            Assert.That(RulePack.Read(pack, hash + 1), Is.Null);
            Assert.That(RulePack.Read([.. "not a pack"u8], hash), Is.Null);
        });
    }

    /// <summary>A property added to Rule or VerifySpec must be added to the pack (and to <see cref="Describe"/>).</summary>
    [Test]
    public void Pack_KnowsEveryPropertyOfARule()
    {
        static string[] Props([System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)] Type t) => [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract").Select(p => p.Name).Order()];
        Assert.Multiple(() =>
        {
            Assert.That(Props(typeof(Rule)), Is.EqualTo(new[]
            {
                "AllowRegexes", "AllowStopwords", "Checksum", "Description", "Generic", "Id", "Keywords", "MinEntropy", "Name", "Paths",
                "Pattern", "Precision", "Provider", "Regex", "Rotation", "SecretGroup", "Severity", "Source", "SpansLines", "ValueOnNextLine", "Verify", "Window",
            }), "RulePack.Write/Read and Describe here must handle a new Rule property");
            Assert.That(Props(typeof(VerifySpec)), Is.EqualTo(new[]
            {
                "Basic", "Body", "Headers", "Invalid", "InvalidBody", "Live", "LiveBody", "Method", "Pair", "Quota", "Restricted", "Signer", "Url",
            }), "RulePack.Write/Read and Describe here must handle a new VerifySpec property");
            Assert.That(Props(typeof(RotationGuide)), Is.EqualTo(new[] { "Check", "Docs", "Steps", "Update", "Url" }));
        });
    }

    private static string Describe(Rule r)
    {
        static string L(IEnumerable<object?> items) => "[" + string.Join("|", items) + "]";
        static string Ints(ImmutableArray<int> a) => L(a.Select(x => (object)x));
        string verify = r.Verify is not { } v ? "-" : string.Join(";", v.Method, v.Url, L(v.Headers.OrderBy(h => h.Key).Select(h => (object)(h.Key + "=" + h.Value))),
            v.Basic?.User, v.Basic?.Password, v.Body, v.Signer, Ints(v.Live), Ints(v.Invalid), Ints(v.Quota), Ints(v.Restricted), v.LiveBody, v.InvalidBody, L(v.Pair));
        return string.Join("\n", r.Id, r.Pattern, L(r.Keywords), r.Name, r.Description, r.Provider, r.Severity, r.Precision, r.Generic, r.SecretGroup,
            r.MinEntropy?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), r.Checksum, r.Window, r.SpansLines, r.ValueOnNextLine, L(r.Paths?.Globs ?? []),
            L(r.AllowRegexes.Select(x => (object)(x + "/" + x.Options + "/" + x.MatchTimeout))), L(r.AllowStopwords), r.Source,
            r.Rotation.Url, L(r.Rotation.Steps), L(r.Rotation.Update), L(r.Rotation.Check), r.Rotation.Docs, verify);
    }
}
