using SecretScan.Core;
using SecretScan.Doctor;
using SecretScan.Rules;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Doctor;

/// <summary>The doctor's parts in-process: names, the two readings of a dotenv line, compose env files and the rule probing.</summary>
public sealed class DoctorPartsTests
{
    private static readonly Lazy<KeyFormats> Formats = new(() =>
    {
        var (rules, errors) = RuleCatalog.Compose([], ScanConfig.Empty);
        Assert.That(errors, Is.Empty);
        return new KeyFormats([.. rules.Select(r => r.Rule)]);
    });

    [TestCase("OPENAI_API_KEY", true)]
    [TestCase("GITHUB_TOKEN", true)]
    [TestCase("DB_PASSWORD", true)]
    [TestCase("stripeSecretKey", true)]
    [TestCase("SENTRY_DSN", true)]
    [TestCase("OPENAI_BASE_URL", false)]
    [TestCase("DATABASE_HOST", false)]
    [TestCase("STRIPE_PUBLISHABLE_KEY", false)]
    [TestCase("NEXT_PUBLIC_API_KEY", false)]
    [TestCase("TOKEN_TIMEOUT", false)]
    [TestCase("KEYBOARD_LAYOUT", false)]
    public void CredentialLikeNames(string name, bool expected) =>
        Assert.That(VariableNames.LooksLikeCredential(name), Is.EqualTo(expected));

    [TestCase("OPENAI_API_KEY", "OPEN_AI_KEY", true)]
    [TestCase("OPENAI_API_KEY", "OPENAI_KEY", true)]
    [TestCase("OPENAI_API_KEY", "openai_api_key", true)]
    [TestCase("OPENAI_API_KEY", "OPENAPI_API_KEY", true)]
    [TestCase("ANTHROPIC_API_KEY", "ANTROPIC_API_KEY", true)]
    [TestCase("GITHUB_TOKEN", "GITHUB_SECRET", true)]
    [TestCase("OPENAI_API_KEY", "OPENAI_API_KEY", false)]
    [TestCase("OPENAI_API_KEY", "STRIPE_API_KEY", false)]
    [TestCase("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", false)]
    [TestCase("GH_TOKEN", "HF_TOKEN", false)]
    public void NearMissNames(string expected, string defined, bool near) =>
        Assert.That(VariableNames.IsNearMiss(expected, defined), Is.EqualTo(near));

    [Test]
    public void Dotenv_ReadsEachLine_AsCarefulAndNaiveLoadersDo()
    {
        var entries = Dotenv.Parse(".env", "# comment\nexport A_KEY=one\r\nB_KEY=\"two # not a comment\" # comment\nC_KEY=three # gone\nD_KEY='four'\nE_KEY=\"multi\nline\"\nF_KEY=a#b\n");
        var byName = entries.ToDictionary(e => e.Name);
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "A_KEY", "B_KEY", "C_KEY", "D_KEY", "E_KEY", "F_KEY" }));
            Assert.That(byName["A_KEY"], Has.Property("Value").EqualTo("one").And.Property("Export").True.And.Property("CrLf").True.And.Property("NaiveValue").EqualTo("one\r"));
            Assert.That(byName["B_KEY"].Value, Is.EqualTo("two # not a comment"));
            Assert.That(byName["B_KEY"].Quote, Is.EqualTo('"'));
            Assert.That(byName["C_KEY"], Has.Property("Value").EqualTo("three").And.Property("Comment").EqualTo("# gone").And.Property("NaiveValue").EqualTo("three # gone"));
            Assert.That(byName["D_KEY"].Value, Is.EqualTo("four"));
            Assert.That(byName["E_KEY"], Has.Property("Value").EqualTo("multi\nline").And.Property("MultiLine").True.And.Property("Line").EqualTo(6));
            Assert.That(byName["F_KEY"].Value, Is.EqualTo("a#b"), "a # without space before it is part of the value");
        });
    }

    [Test]
    public void ComposeEnvFiles_AllThreeShapes()
    {
        using var dir = new TempDirectory();
        string compose = dir.File("compose.yaml", "services:\n  a:\n    env_file: one.env\n  b:\n    env_file:\n      - two.env\n      - ./three.env\n  c:\n    env_file:\n      - path: four.env\n        required: false\n  d:\n    env_file: [five.env, \"six.env\"]\n");
        Assert.That(EnvFiles.ComposeEnvFiles(compose), Is.EqualTo(new[] { "one.env", "two.env", "./three.env", "four.env", "five.env", "six.env" }));
    }

    [Test]
    public void ComposeEnvironment_ListFormKeepsQuotes_MapFormDoesNot()
    {
        using var dir = new TempDirectory();
        string compose = dir.File("docker-compose.yml", "services:\n  a:\n    environment:\n      - LIST_KEY=\"quoted\"\n      - PASSED_THROUGH\n      - REF_KEY=${REF}\n  b:\n    environment:\n      MAP_KEY: \"plain\"\n");
        var entries = EnvFiles.ComposeEnvironment("docker-compose.yml", compose);
        Assert.That(entries.Select(e => (e.Name, e.Value, e.Line)), Is.EqualTo(new[] { ("LIST_KEY", "\"quoted\"", 4), ("MAP_KEY", "plain", 9) }));
    }

    [Test]
    public void MeantByName_FindsTheProvidersRules()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Formats.Value.MeantByName("OPENAI_API_KEY").Select(r => r.Provider).Distinct(), Is.EqualTo(new[] { "OpenAI" }));
            Assert.That(Formats.Value.MeantByName("HF_TOKEN").Select(r => r.Provider).Distinct(), Is.EqualTo(new[] { "Hugging Face" }));
            Assert.That(Formats.Value.MeantByName("GITHUB_TOKEN").Select(r => r.Provider).Distinct(), Is.EqualTo(new[] { "GitHub" }));
            Assert.That(Formats.Value.MeantByName("API_KEY"), Is.Empty, "no provider in the name");
            Assert.That(Formats.Value.MeantByName("MY_SERVICE_TOKEN"), Is.Empty);
        });
    }

    [Test]
    public void Diagnose_ProbesTheRule_ForTruncationExtraCharactersAndPrefixTypos()
    {
        string key = FakeSecrets.OpenAiProjectKey();
        Rule rule = Formats.Value.MeantByName("OPENAI_API_KEY").Single(r => r.Id == "openai-project-key");
        Assert.Multiple(() =>
        {
            Assert.That(Formats.Value.Diagnose(rule, "OPENAI_API_KEY", key), Is.Null);
            Assert.That(Formats.Value.Diagnose(rule, "OPENAI_API_KEY", key[..^10]), Is.EqualTo("looks truncated: 154 of 164 characters"));
            Assert.That(Formats.Value.Diagnose(rule, "OPENAI_API_KEY", key + "XY"), Is.EqualTo("2 character(s) too many at the end: 166 where 164 are expected"));
            Assert.That(Formats.Value.Diagnose(rule, "OPENAI_API_KEY", "sk_proj-" + key[8..]), Does.StartWith("does not start with sk-proj-: its first 8 characters differ from it in 1 place(s)"));
            Assert.That(Formats.Value.Check("OPENAI_API_KEY", key + "XY").Status, Is.EqualTo(CheckStatus.Fail));
            Assert.That(Formats.Value.Check("OPENAI_API_KEY", key).Status, Is.EqualTo(CheckStatus.Pass));
        });
    }

    [Test]
    public void Check_NamesTheValueThatIsAKeyPlusSomethingElse()
    {
        string key = FakeSecrets.GitHubPat();
        FormatVerdict v = Formats.Value.Check("GITHUB_TOKEN", key + "&scope=repo");
        Assert.Multiple(() =>
        {
            Assert.That(v.Status, Is.EqualTo(CheckStatus.Fail));
            Assert.That(v.Message, Does.Contain("plus 0 character(s) before and 11 after it"));
            Assert.That(v.Message, Does.Not.Contain(key[4..]));
        });
    }

    [TestCase("\u00A0", "a non-breaking space")]
    [TestCase("\u200B", "an invisible zero-width character")]
    [TestCase("\u2014", "a typographic dash")]
    [TestCase("\u201D", "a typographic double quote")]
    public void Typographic_NamesTheCharacter(string odd, string what) =>
        Assert.That(KeyFormats.Typographic("abc" + odd + "def"), Does.Contain(what));
}
