using SecretScan.Cli;
using SecretScan.Cli.Parsing;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Cli;

/// <summary>Help is read on stdout with exit 0; each page has a usage line, placeholders, defaults, examples and exit codes.</summary>
public sealed class HelpTests
{
    private static IEnumerable<string> VerbNames() => Verbs.All.Select(v => v.Name);

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("help")]
    public void GeneralHelp_ListsEveryCommandWithUsageExamplesAndExitCodes(string flag)
    {
        using var dir = new TempDirectory();
        var r = InProcessCli.Run(dir.Path, flag);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Clean), r.ToString());
            Assert.That(r.Stderr, Is.Empty);
            Assert.That(r.Stdout, Does.StartWith("secretscan 0.").And.Contain("Usage: secretscan COMMAND [OPTIONS]"));
            foreach (string verb in VerbNames()) Assert.That(r.Stdout, Does.Match($@"(?m)^  {verb} +\S"), verb);
            Assert.That(r.Stdout, Does.Contain("Examples:\n  secretscan staged"));
            Assert.That(r.Stdout, Does.Match(@"(?m)^  130  cancelled"));
        });
    }

    [TestCaseSource(nameof(VerbNames))]
    public void VerbHelp_BothSpellings_ShowTheSamePageOnStdout(string verb)
    {
        using var dir = new TempDirectory();
        var viaFlag = InProcessCli.Run(dir.Path, verb, "--help");
        var viaHelp = InProcessCli.Run(dir.Path, "help", verb);
        Assert.Multiple(() =>
        {
            Assert.That(viaFlag.ExitCode, Is.EqualTo(ExitCodes.Clean), viaFlag.ToString());
            Assert.That(viaFlag.Stdout, Does.StartWith($"Usage: secretscan {verb} "));
            Assert.That(viaFlag.Stdout, Does.Contain("\nExamples:\n  secretscan " + verb).Or.Contain($"| secretscan {verb}"));
            Assert.That(viaFlag.Stdout, Does.Contain("Exit codes:"));
            Assert.That(viaHelp.Stdout, Is.EqualTo(viaFlag.Stdout));
        });
    }

    [Test]
    public void DirHelp_ShowsPlaceholdersAndDefaults()
    {
        using var dir = new TempDirectory();
        string help = InProcessCli.Run(dir.Path, "dir", "-h").Stdout;
        Assert.Multiple(() =>
        {
            Assert.That(help, Does.Contain("Usage: secretscan dir [OPTIONS] [PATH]"));
            Assert.That(help, Does.Match(@"(?m)^  -f, --format FORMAT +Report format"));
            Assert.That(help, Does.Match(@"(?m)^  -x, --exclude GLOB "));
            Assert.That(help, Does.Match(@"(?m)^  --max-file-size SIZE .*\(default: 10MB\)"));
            Assert.That(help, Does.Match(@"(?m)^  --reveal +Show secrets"), "a switch has no placeholder");
            Assert.That(help, Does.Not.Contain("--path-hint"), "stdin's option is not dir's");
        });
    }

    [Test]
    public void BaselineAndRulesHelp_AreAccepted()
    {
        using var dir = new TempDirectory();
        var baseline = InProcessCli.Run(dir.Path, "baseline", "--help");
        var baselineCreate = InProcessCli.Run(dir.Path, "baseline", "create", "--help");
        var rules = InProcessCli.Run(dir.Path, "rules", "--help");
        Assert.Multiple(() =>
        {
            Assert.That(baseline.ExitCode, Is.EqualTo(ExitCodes.Clean), baseline.ToString());
            Assert.That(baseline.Stdout, Does.StartWith("Usage: secretscan baseline create [-o FILE] SCAN-COMMAND"));
            Assert.That(baselineCreate.Stdout, Is.EqualTo(baseline.Stdout));
            Assert.That(rules.ExitCode, Is.EqualTo(ExitCodes.Clean), rules.ToString());
            Assert.That(rules.Stdout, Does.Contain("secretscan rules check [OPTIONS] [FILE...]"));
        });
    }

    [Test]
    public void BaselineCreate_ScanHelp_IsTheScanVerbsHelp()
    {
        using var dir = new TempDirectory();
        var r = InProcessCli.Run(dir.Path, "baseline", "create", "git", "--help");
        Assert.That(r.Stdout, Does.StartWith("Usage: secretscan git "), r.ToString());
    }

    [Test]
    public void NoArguments_ExitTwoWithHelpOnStderr()
    {
        using var dir = new TempDirectory();
        var r = InProcessCli.Run(dir.Path);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Error));
            Assert.That(r.Stdout, Is.Empty);
            Assert.That(r.Stderr, Does.StartWith("secretscan: error: no command given").And.Contain("Usage: secretscan COMMAND"));
        });
    }

    [TestCase("--version")]
    [TestCase("version")]
    public void Version_PrintsNameAndVersion(string flag)
    {
        using var dir = new TempDirectory();
        var r = InProcessCli.Run(dir.Path, flag);
        // The constant the build writes must agree with the version the assembly carries (Directory.Build.props).
        Version assembly = typeof(SecretScan.Cli.Cli).Assembly.GetName().Version!;
        Assert.That(r.Stdout, Is.EqualTo($"secretscan {assembly.Major}.{assembly.Minor}.{assembly.Build}\n"));
    }

    [Test]
    public void EveryDeclaredOption_AppearsInItsVerbsHelpWithItsPlaceholder()
    {
        using var dir = new TempDirectory();
        Assert.Multiple(() =>
        {
            foreach (VerbSpec verb in Verbs.All)
            {
                string help = InProcessCli.Run(dir.Path, verb.Name, "--help").Stdout;
                foreach (OptionSpec o in verb.Options)
                    Assert.That(help, Does.Contain("  " + o.DisplayWithValue + " "), $"{verb.Name} --{o.LongName}");
            }
        });
    }
}
