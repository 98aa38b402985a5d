using SecretScan.Cli;
using SecretScan.Cli.Parsing;

namespace SecretScan.Tests.Cli;

/// <summary>The normalised command line handed to CommandLineParser, derived from the verb's declaration alone.</summary>
public sealed class ArgsGuardTests
{
    private static readonly VerbSpec Dir = Verbs.Find("dir")!;
    private static readonly VerbSpec Git = Verbs.Find("git")!;

    [Test]
    public void Normalize_AttachesValuesAndMovesPositionalsAfterDoubleDash()
    {
        string[] result = ArgsGuard.Normalize(Dir, ["-x", "a", "src", "-fjson", "--exclude=b", "--reveal"]);
        Assert.That(result, Is.EqualTo(new[] { "--exclude=a", "--format=json", "--exclude=b", "--reveal", "--", "src" }));
    }

    [Test]
    public void Normalize_NegativeNumberIsTheValueOfANumberOption()
    {
        Assert.That(ArgsGuard.Normalize(Dir, ["--threads", "-1"]), Is.EqualTo(new[] { "--threads=-1" }));
    }

    [Test]
    public void Normalize_NegativeLookingTextIsNotTheValueOfATextOption()
    {
        var e = Assert.Throws<UsageException>(() => ArgsGuard.Normalize(Dir, ["--config", "-1"]));
        Assert.That(e!.Message, Does.Contain("unknown option '-1'"), "an unknown option is named first");
    }

    [Test]
    public void Normalize_StandardInputDashIsAValue()
    {
        Assert.That(ArgsGuard.Normalize(Git, ["--report", "-"]), Is.EqualTo(new[] { "--report=-" }));
    }

    [Test]
    public void VerbSpec_DerivesKindsFromTheDeclaration()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Dir.FindLong("exclude")!.Kind, Is.EqualTo(OptionKind.Repeatable));
            Assert.That(Dir.FindShort('x')!.LongName, Is.EqualTo("exclude"));
            Assert.That(Dir.FindLong("threads")!.Kind, Is.EqualTo(OptionKind.Number));
            Assert.That(Dir.FindLong("reveal")!.Kind, Is.EqualTo(OptionKind.Switch));
            Assert.That(Dir.FindLong("format")!.MetaValue, Is.EqualTo("FORMAT"));
            Assert.That(Dir.MaxPositionals, Is.EqualTo(1));
            Assert.That(Verbs.Find("stdin")!.MaxPositionals, Is.Zero);
            Assert.That(Verbs.Find("rules")!.MaxPositionals, Is.Null);
            Assert.That(Git.FindLong("branch")!.Kind, Is.EqualTo(OptionKind.Repeatable));
        });
    }

    [TestCase("fromat", "format", 1)]
    [TestCase("format", "format", 0)]
    [TestCase("stagd", "staged", 1)]
    [TestCase("abc", "xyz", 3)]
    public void Distance_CountsEditsAndTranspositions(string a, string b, int expected) =>
        Assert.That(Suggest.Distance(a, b), Is.EqualTo(expected));

    [Test]
    public void Nearest_FarWordsAreNotSuggested()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Suggest.Nearest("verbose-mode", ["verbose", "quiet"]), Is.Null);
            Assert.That(Suggest.Nearest("gti", ["dir", "git", "staged"]), Is.EqualTo("git"));
        });
    }
}
