using System.Text.RegularExpressions;
using SecretScan.Core;
using SecretScan.Rules;

namespace SecretScan.Tests.Core;

/// <summary>
/// The checksum of Microsoft's 84-character common annotated keys. The valid keys are the rule examples, made by
/// tools/common-annotated-key.py (an independent implementation); the negatives marked "fails the checksum" were made
/// by the same script with a flipped checksum, and any changed character must fail too.
/// </summary>
public class CommonAnnotatedKeyTests
{
    private static readonly Lazy<List<(string Rule, string Key, bool Negative, string Text)>> Keys = new(() =>
    {
        var rules = RuleLoader.Load(RuleLoader.DefaultFiles(), compile: true).Rules.Where(r => r.Rule.Checksum == "azure-common-annotated").ToList();
        var keys = new List<(string, string, bool, string)>();
        foreach (var r in rules)
            foreach (var e in r.Examples)
                foreach (Match m in Regex.Matches(e.Text, "[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{26}"))
                    keys.Add((r.Rule.Id, m.Value, e.Negative, e.Text));
        return keys;
    });

    [Test]
    public void AzureDevOpsAndAiServicesRules_ValidateTheChecksum()
    {
        var ids = Keys.Value.Select(k => k.Rule).ToHashSet();
        Assert.That(ids, Is.SupersetOf(new[] { "azure-devops-pat", "azure-ai-services-key" }));
    }

    [Test]
    public void ExampleKeys_PassTheChecksum()
    {
        var valid = Keys.Value.Where(k => !k.Negative).ToList();
        Assert.That(valid, Has.Count.GreaterThanOrEqualTo(4));
        foreach (var (rule, key, _, _) in valid) Assert.That(CommonAnnotatedKey.Verify(key), Is.True, $"{rule}: {key}");
    }

    [Test]
    public void NegativeExamplesMarkedAsBadChecksum_FailIt()
    {
        var bad = Keys.Value.Where(k => k.Negative && k.Text.Contains("fails the checksum")).ToList();
        Assert.That(bad.Select(k => k.Rule).Distinct().Count(), Is.GreaterThanOrEqualTo(2));
        foreach (var (rule, key, _, _) in bad) Assert.That(CommonAnnotatedKey.Verify(key), Is.False, $"{rule}: {key}");
    }

    [Test]
    public void AnyChangedCharacter_FailsTheChecksum()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        foreach (var (rule, key, _, _) in Keys.Value.Where(k => !k.Negative))
            for (int i = 0; i < key.Length; i++)
            {
                if (i >= 52 && i < 58) continue; // the fixed signature: changing it is a different format, tested below
                // Changing a character's top bit always changes the decoded bytes (no unused low bits at 84 characters).
                char replaced = alphabet[(alphabet.IndexOf(key[i]) + 31) % 62];
                string mutated = key[..i] + replaced + key[(i + 1)..];
                Assert.That(CommonAnnotatedKey.Verify(mutated), Is.False, $"{rule}: position {i} of {key}");
            }
    }

    [Test]
    public void GeneratedHere_RoundTrips_AndWrongShapesFail()
    {
        // A key built here from the documented layout: 52 random characters, JQQJ99, date, reserved, signature.
        var random = new Random(20261202);
        const string alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        string head = new(Enumerable.Range(0, 52).Select(_ => alnum[random.Next(62)]).ToArray());
        head += "JQQJ99" + "9B" + new string(Enumerable.Range(0, 16).Select(_ => alnum[random.Next(62)]).ToArray()) + "AZDO";
        string key = head + CommonAnnotatedKey.ChecksumText(Convert.FromBase64String(head));
        Assert.Multiple(() =>
        {
            Assert.That(key, Has.Length.EqualTo(84));
            Assert.That(Checksums.Verify("azure-common-annotated", key), Is.True);
            Assert.That(CommonAnnotatedKey.Verify(key[..83]), Is.False, "truncated");
            Assert.That(CommonAnnotatedKey.Verify(key + "A"), Is.False, "too long");
            Assert.That(CommonAnnotatedKey.Verify(key[..52] + "JQQJ9D" + key[58..]), Is.False, "derived keys are not accepted");
            Assert.That(CommonAnnotatedKey.Verify(new string('A', 52) + "JQQJ99" + new string('A', 26)), Is.False);
        });
    }
}
