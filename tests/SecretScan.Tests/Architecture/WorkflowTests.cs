using YamlDotNet.RepresentationModel;

namespace SecretScan.Tests.Architecture;

/// <summary>The GitHub Actions workflows parse as YAML, and CI runs on Linux, Windows and macOS.</summary>
public sealed class WorkflowTests
{
    private static string Workflows => Path.Combine(Support.CliRunner.RepoRoot, ".github", "workflows");

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Workflows, file))) stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode At(YamlMappingNode node, params string[] keys)
    {
        YamlNode current = node;
        foreach (string k in keys) current = ((YamlMappingNode)current).Children[new YamlScalarNode(k)];
        return current;
    }

    [Test]
    public void EveryWorkflow_ParsesAndHasJobs()
    {
        string[] files = [.. Directory.GetFiles(Workflows, "*.yml").Select(Path.GetFileName)!];
        Assert.That(files, Does.Contain("ci.yml").And.Contain("release.yml").And.Contain("org-scan.yml"));
        foreach (string f in files)
            Assert.That(((YamlMappingNode)At(Load(f), "jobs")).Children, Is.Not.Empty, f);
    }

    [Test]
    public void Ci_MatrixRunsOnLinuxWindowsAndMacOs_AndEachBuildsChecksRulesAndTests()
    {
        var job = (YamlMappingNode)At(Load("ci.yml"), "jobs", "test");
        var oses = ((YamlSequenceNode)At(job, "strategy", "matrix", "os")).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();
        Assert.That(oses, Has.Exactly(1).StartsWith("ubuntu-").And.Exactly(1).StartsWith("windows-").And.Exactly(1).StartsWith("macos-"));
        Assert.That(((YamlScalarNode)At(job, "runs-on")).Value, Is.EqualTo("${{ matrix.os }}"));

        string runs = string.Join("\n", ((YamlSequenceNode)At(job, "steps")).Children.Cast<YamlMappingNode>()
            .Where(s => s.Children.ContainsKey(new YamlScalarNode("run"))).Select(s => ((YamlScalarNode)s.Children[new YamlScalarNode("run")]).Value));
        Assert.That(runs, Does.Contain(".ci/run").And.Contain("dotnet build SecretScan.sln").And.Contain("rules check").And.Contain("dotnet test SecretScan.sln"));
        // .ci/run must exist: the Linux job is exactly it.
        Assert.That(File.Exists(Path.Combine(Support.CliRunner.RepoRoot, ".ci", "run")), Is.True);
    }
}
