using System.Reflection;
using System.Text.RegularExpressions;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Architecture;

/// <summary>
/// The layering of docs/architecture.md, checked on the built assemblies: Core depends on nothing of ours, the
/// other libraries only on Core, and only the Cli touches the console.
/// </summary>
public sealed partial class DependencyTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["SecretScan.Core"] = [],
        ["SecretScan.Rules"] = ["SecretScan.Core"],
        ["SecretScan.Git"] = ["SecretScan.Core"],
        ["SecretScan.Reporting"] = ["SecretScan.Core"],
        ["SecretScan.Verification"] = ["SecretScan.Core"],
        ["SecretScan.Doctor"] = ["SecretScan.Core", "SecretScan.Git", "SecretScan.Verification"],
        ["SecretScan.Remediation"] = ["SecretScan.Core", "SecretScan.Git"],
        ["secretscan"] = ["SecretScan.Core", "SecretScan.Rules", "SecretScan.Git", "SecretScan.Reporting", "SecretScan.Verification", "SecretScan.Doctor", "SecretScan.Remediation"],
    };

    private static IEnumerable<string> Projects() => Allowed.Keys;

    [TestCaseSource(nameof(Projects))]
    public void Assembly_ReferencesOnlyTheProjectsItMay(string name)
    {
        Assembly assembly = Assembly.Load(name);
        // The tests run on the JIT, untrimmed: every reference is still there to read.
#pragma warning disable IL2026
        AssemblyName[] references = assembly.GetReferencedAssemblies();
#pragma warning restore IL2026
        string[] ours = [.. references.Select(a => a.Name!).Where(n => Allowed.ContainsKey(n)).Order()];
        Assert.That(ours, Is.SubsetOf(Allowed[name]), $"{name} references {string.Join(", ", ours)}");
    }

    [Test]
    public void EveryProject_IsUnderTheRules()
    {
        string[] projects = [.. Directory.GetDirectories(Path.Combine(CliRunner.RepoRoot, "src")).Select(Path.GetFileName).Where(n => File.Exists(Path.Combine(CliRunner.RepoRoot, "src", n!, n + ".csproj")))!];
        string[] known = [.. Allowed.Keys.Select(k => k == "secretscan" ? "SecretScan.Cli" : k)];
        Assert.That(projects, Is.SubsetOf(known), "a new project needs its line in Allowed (and in docs/architecture.md)");
    }

    [TestCase("SecretScan.Core")]
    [TestCase("SecretScan.Rules")]
    [TestCase("SecretScan.Git")]
    [TestCase("SecretScan.Reporting")]
    [TestCase("SecretScan.Verification")]
    [TestCase("SecretScan.Doctor")]
    [TestCase("SecretScan.Remediation")]
    public void LibrarySource_NeverTouchesTheConsole(string project)
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(CliRunner.RepoRoot, "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => ConsoleUse().IsMatch(string.Join('\n', File.ReadLines(f).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)))))
            .Select(Path.GetFileName).ToList();
        Assert.That(offenders, Is.Empty, "libraries report through ScanReport and diagnostics; only the Cli writes to the console");
    }

    [Test]
    public void ConsolePattern_SeesAConsoleCall()
    {
        // Guards the guard: the pattern must match the calls it is meant to forbid.
        Assert.Multiple(() =>
        {
            Assert.That(ConsoleUse().IsMatch("        Console.Error.WriteLine(x);"), Is.True);
            Assert.That(ConsoleUse().IsMatch("System.Console.Out.Write(x)"), Is.True);
            Assert.That(ConsoleUse().IsMatch("IConsole console"), Is.False);
        });
    }

    [GeneratedRegex(@"(?<![\w.])(System\.)?Console\.(Out|Error|In|Write|WriteLine|Read|ReadLine|OpenStandard\w+|IsOutputRedirected|IsErrorRedirected)\b")]
    private static partial Regex ConsoleUse();
}
