using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>`rules list --provider` and `--format json`, through the real executable.</summary>
public class RulesListTests
{
    [Test]
    public void RulesList_Provider_KeepsOnlyMatchingProviders_CaseInsensitive()
    {
        var r = CliRunner.Secretscan(CliRunner.RepoRoot, "rules", "list", "--provider", "AZURE");
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
            Assert.That(r.Stdout, Does.Match(@"(?m)^azure-devops-pat\s+Azure DevOps\s"));
            Assert.That(r.Stdout, Does.Match(@"(?m)^azure-storage-account-key\s+Microsoft Azure\s"));
            Assert.That(r.Stdout, Does.Not.Contain("stripe-"));
            Assert.That(lines[^1], Does.Match(@"^\d+ rules from 2 providers$"));
        });
    }

    [Test]
    public void RulesList_OneProvider_SaysProviderInTheSingular()
    {
        var r = CliRunner.Secretscan(CliRunner.RepoRoot, "rules", "list", "--provider", "Airtable");
        Assert.That(r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], Is.EqualTo("2 rules from 1 provider"), r.ToString());
    }

    [Test]
    public void RulesList_Json_IsOneDocumentWithEveryRuleAndTheCounts()
    {
        var text = CliRunner.Secretscan(CliRunner.RepoRoot, "rules", "list");
        var r = CliRunner.Secretscan(CliRunner.RepoRoot, "rules", "list", "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        var rules = root.GetProperty("rules").EnumerateArray().ToList();
        JsonElement github = rules.Single(x => x.GetProperty("id").GetString() == "github-pat-classic");
        int textCount = int.Parse(System.Text.RegularExpressions.Regex.Match(text.Stdout, @"(\d+) rules from").Groups[1].Value);
        Assert.Multiple(() =>
        {
            Assert.That(rules, Has.Count.EqualTo(textCount));
            Assert.That(root.GetProperty("counts").GetProperty("rules").GetInt32(), Is.EqualTo(textCount));
            Assert.That(github.GetProperty("provider").GetString(), Is.EqualTo("GitHub"));
            Assert.That(github.GetProperty("checksum").GetString(), Is.EqualTo("github-crc32"));
            Assert.That(github.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()), Does.Contain("ghp_"));
            Assert.That(github.GetProperty("rotationUrl").GetString(), Does.StartWith("https://"));
            Assert.That(github.GetProperty("examples").GetInt32(), Is.GreaterThanOrEqualTo(2));
        });
    }

    [Test]
    public void RulesList_JsonWithProvider_CombinesBoth()
    {
        var r = CliRunner.Secretscan(CliRunner.RepoRoot, "rules", "list", "--provider", "stripe", "-f", "json");
        var providers = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("rules").EnumerateArray()
            .Select(x => x.GetProperty("provider").GetString()).Distinct().ToList();
        Assert.That(providers, Is.EqualTo(new[] { "Stripe" }), r.ToString());
    }

    [TestCase("--provider", "no-such-provider-xyz", "no rule has a provider matching 'no-such-provider-xyz'")]
    [TestCase("--format", "sarif", "unknown rules list format 'sarif'")]
    public void RulesList_BadValue_ExitsTwoWithAClearMessage(string option, string value, string message)
    {
        var r = CliRunner.Secretscan(CliRunner.RepoRoot, "rules", "list", option, value);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain(message));
            Assert.That(r.Stderr, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public void RulesList_ProviderWithoutValue_ExitsTwo()
    {
        var r = CliRunner.Secretscan(CliRunner.RepoRoot, "rules", "list", "--provider");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain("option '--provider' needs a value"));
        });
    }
}
