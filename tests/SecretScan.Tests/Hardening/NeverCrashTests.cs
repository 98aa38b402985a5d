using System.Text;
using SecretScan.Core;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Hardening;

/// <summary>Inputs that used to crash a scan with a stack trace or lose its findings (issue 10 §3).</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class NeverCrashTests
{
    private const int HardTimeoutMs = 60_000;

    private static CliRunner.Result Run(string folder, params string[] args) =>
        CliRunner.Run(CliRunner.Executable, args, folder, timeoutMs: HardTimeoutMs);

    [TestCase("a: [x\n'y\n")]
    [TestCase("rules: [\n  - id: x\n    pattern: '\n")]
    [TestCase("\"unterminated\n")]
    [TestCase("- ]\n")]
    public void Config_MalformedYaml_IsAPositionedErrorAndExitTwo(string config)
    {
        using var temp = new TempDirectory();
        temp.File(".secretscan.yaml", config);

        CliRunner.Result r = Run(temp.Path, "dir", ".");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Match(@"\.secretscan\.yaml:\d+:\d+: error: "));
        Assert.That(r.Stderr, Does.Not.Contain("   at ").And.Not.Contain("Unhandled exception"));
    }

    [Test]
    public void RulesCheck_ThirtyThousandNestedBrackets_IsAnErrorNotAStackOverflow()
    {
        using var temp = new TempDirectory();
        temp.File("deep.yaml", new string('[', 30_000) + new string(']', 30_000) + "\n");

        CliRunner.Result r = Run(temp.Path, "rules", "check", "deep.yaml");

        Assert.That(r.ExitCode, Is.AnyOf(1, 2), r.ToString());
        Assert.That(r.Stdout + r.Stderr, Does.Contain("deep.yaml:1:").And.Contain("nested more than"));
    }

    [Test]
    public void Config_LargerThanTheLimit_IsRefusedWithAMessage()
    {
        using var temp = new TempDirectory();
        temp.File(".secretscan.yaml", "# " + new string('x', 2 << 20) + "\n");

        CliRunner.Result r = Run(temp.Path, "dir", ".");

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain(".secretscan.yaml:1:1: error:").And.Contain("limit"));
    }

    [Test]
    public void Dir_PathLongerThanPathMax_IsAnErrorOrSkippedNeverATrace()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, string.Join('/', Enumerable.Repeat(new string('d', 200), 25)), "x.txt");

        CliRunner.Result r = Run(temp.Path, "dir", path);

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain("secretscan: error:").And.Not.Contain("   at "));
    }

    [Test]
    public void Dir_Utf16WithoutBom_IsScannedNotSkippedAsBinary()
    {
        using var temp = new TempDirectory();
        string secret = FakeSecrets.GitHubPat();
        File.WriteAllBytes(temp.Combine("export.reg"), Encoding.Unicode.GetBytes($"Windows Registry Editor\r\n\"Token\"=\"{secret}\"\r\n"));

        CliRunner.Result r = Run(temp.Path, "dir", ".");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stdout, Does.Contain("export.reg:2:"));
    }

    [Test]
    public void Dir_BinaryFile_IsCountedAsSkippedInJson()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.Combine("image.bin"), [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]);

        CliRunner.Result r = Run(temp.Path, "dir", ".", "-f", "json");

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        Assert.That(r.Stdout, Does.Contain("\"skipped\": 1"));
    }

    private sealed class FixedFragments(params Fragment[] fragments) : ISource
    {
        public string Kind => "test";
        public string Target => "test";
        public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken) => fragments;
    }

    private sealed class ThrowingFilter(string path) : IFindingFilter
    {
        public Stage Stage => Stage.Allowlist;
        public bool Suppresses(Finding finding, Fragment fragment) =>
            fragment.Path == path ? throw new InvalidDataException("a filter bug") : false;
    }

    private static Detector TestDetector()
    {
        var loaded = SecretScan.Rules.RuleLoader.Load([new SecretScan.Rules.RuleFileText("test.yaml", TestRules.TestKeyRuleFile)], compile: true);
        Assert.That(loaded.Errors, Is.Empty);
        return new Detector(new RuleSet(loaded.Rules.Select(r => r.Rule)));
    }

    [Test]
    [CancelAfter(20_000)]
    public void Pipeline_FilterThrowsOnOneFile_KeepsThatFindingWarnsAndScansTheRest()
    {
        var pipeline = new ScanPipeline(TestDetector(), [new ThrowingFilter("bad.txt")], threads: 2);
        var source = new FixedFragments(
            new Fragment("k = tk_aB3dE5gH7jK9mN1pQ3sT\n", "bad.txt", new StdinProvenance()),
            new Fragment("k = tk_Zx8Cv7Bn6Mm5Ll4Kk3Jq\n", "good.txt", new StdinProvenance()));

        ScanReport report = pipeline.Run(source, CancellationToken.None);

        Assert.That(report.Findings.Select(f => f.Location.Path), Is.EquivalentTo(new[] { "bad.txt", "good.txt" }));
        Assert.That(report.Diagnostics.Select(d => d.ToString()), Has.Some.Contain("bad.txt").And.Some.Contain("the finding was kept"));
    }

    private sealed class ThrowingLoaders : IParallelSource
    {
        public string Kind => "test";
        public string Target => "test";
        public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
        public IEnumerable<Func<Fragment?>> Loaders(ScanContext context, CancellationToken cancellationToken)
        {
            yield return () => throw new InvalidOperationException("a decoder bug");
            yield return () => new Fragment("k = tk_aB3dE5gH7jK9mN1pQ3sT\n", "after.txt", new StdinProvenance());
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public void Pipeline_LoaderThrows_BecomesADiagnosticAndLaterFindingsAreKept()
    {
        var pipeline = new ScanPipeline(TestDetector(), [], threads: 1);

        ScanReport report = pipeline.Run(new ThrowingLoaders(), CancellationToken.None);

        Assert.That(report.Findings.Select(f => f.Location.Path), Is.EqualTo(new[] { "after.txt" }));
        Assert.That(report.Diagnostics.Select(d => d.Code), Has.Member(DiagnosticCodes.InternalError));
        Assert.That(report.Stats.Skipped, Is.EqualTo(1));
    }

    [Test]
    public void Decoder_Utf16LeAndBeWithoutBom_AreText()
    {
        DecodeResult le = ContentDecoder.Decode(Encoding.Unicode.GetBytes("key = value\nother = thing\n"));
        DecodeResult be = ContentDecoder.Decode(Encoding.BigEndianUnicode.GetBytes("key = value\nother = thing\n"));

        Assert.That((le.Outcome, le.Text, le.Encoding), Is.EqualTo((DecodeOutcome.Text, "key = value\nother = thing\n", "UTF-16LE")));
        Assert.That((be.Outcome, be.Text, be.Encoding), Is.EqualTo((DecodeOutcome.Text, "key = value\nother = thing\n", "UTF-16BE")));
        Assert.That(ContentDecoder.Decode([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]).Outcome, Is.EqualTo(DecodeOutcome.Binary), "an ELF header stays binary");
    }

    [Test]
    public void Quoting_SecretIsMasked()
    {
        string secret = FakeSecrets.GitHubPat();
        Assert.That(Quoting.Safe(secret), Does.Not.Contain(secret[4..12]).And.Contain("masked"));
    }

    [TestCase("github-pat-classic", true)]
    [TestCase("max_file_size", true)]
    [TestCase("**", true)]
    public void Quoting_SecretLikeTextIsMaskedIdentifiersAreNot(string text, bool whole)
    {
        string quoted = Quoting.Safe(text);
        if (whole) Assert.That(quoted, Is.EqualTo(text));
        else Assert.That(quoted, Does.Not.Contain(text[4..12]).And.Contain("masked"));
    }
}
