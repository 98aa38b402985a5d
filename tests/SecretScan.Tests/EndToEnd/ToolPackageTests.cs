using System.IO.Compression;
using System.Xml.Linq;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>
/// The `dotnet tool` route: the executable packed as a .NET tool (from the build the tests already use), installed
/// from a local package source into a temp folder the way `dotnet tool install` does, then run.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ToolPackageTests
{
    private TempDirectory _temp = null!;
    private string _package = null!;

    [OneTimeSetUp]
    public void Pack()
    {
        _temp = new TempDirectory();
        string configuration = new DirectoryInfo(CliRunner.BinDirectory).Parent!.Name;
        string output = _temp.Combine("packages");
        CliRunner.Result pack = CliRunner.Run("dotnet",
            ["pack", Path.Combine(CliRunner.RepoRoot, "src", "SecretScan.Cli"), "-c", configuration, "--no-build", "-o", output, "--nologo"],
            CliRunner.RepoRoot, environment: DotnetEnvironment(), timeoutMs: 300000);
        Assert.That(pack.ExitCode, Is.Zero, pack.ToString());
        _package = Directory.GetFiles(output, "SecretScan.*.nupkg").Single();
    }

    [OneTimeTearDown]
    public void Clean() => _temp.Dispose();

    private static Dictionary<string, string?> DotnetEnvironment() => new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    [Test]
    public void Package_CarriesLicenceReadmeAndMetadata()
    {
        using ZipArchive zip = ZipFile.OpenRead(_package);
        XDocument nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        XElement metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Multiple(() =>
        {
            Assert.That(metadata.Element(ns + "id")!.Value, Is.EqualTo("SecretScan"));
            Assert.That(metadata.Element(ns + "license")!.Value, Is.EqualTo("MIT"));
            Assert.That(metadata.Element(ns + "readme")!.Value, Is.EqualTo("README.md"));
            Assert.That(metadata.Element(ns + "description")!.Value, Does.Contain("pre-commit hook").And.Not.Contain("Package Description"));
            Assert.That(metadata.Element(ns + "tags")!.Value, Does.Contain("secrets"));
            Assert.That(zip.Entries.Select(e => e.FullName), Does.Contain("LICENSE").And.Contain("README.md"));
            Assert.That(zip.Entries.Select(e => e.FullName), Has.Some.EndsWith("DotnetToolSettings.xml"), "packed as a .NET tool");
        });
    }

    [Test]
    public void InstalledTool_ScansAndBlocksOnAFakeKey()
    {
        // No other package source: the tool installs from the local package alone, as it will for a user offline.
        string config = _temp.Combine("nuget.config");
        File.WriteAllText(config, "<?xml version=\"1.0\" encoding=\"utf-8\"?><configuration><packageSources><clear /></packageSources></configuration>");
        string toolPath = _temp.Combine("tools");
        CliRunner.Result install = CliRunner.Run("dotnet",
            ["tool", "install", "SecretScan", "--tool-path", toolPath, "--add-source", Path.GetDirectoryName(_package)!, "--configfile", config],
            _temp.Path, environment: DotnetEnvironment(), timeoutMs: 300000);
        Assert.That(install.ExitCode, Is.Zero, install.ToString());

        string folder = _temp.Combine("project");
        Directory.CreateDirectory(folder);
        string secret = FakeSecrets.GitHubPat();
        File.WriteAllText(Path.Combine(folder, "deploy.sh"), $"export GITHUB_TOKEN={secret}\n");
        string tool = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "secretscan.exe" : "secretscan");

        CliRunner.Result scan = CliRunner.Run(tool, ["dir", folder], folder, environment: DotnetEnvironment());

        Assert.Multiple(() =>
        {
            Assert.That(scan.ExitCode, Is.EqualTo(1), scan.ToString());
            Assert.That(scan.Stdout, Does.Contain("deploy.sh:1:").And.Contain("github-pat-classic"));
            Assert.That(scan.Stdout + scan.Stderr, Does.Not.Contain(secret));
        });
    }
}
