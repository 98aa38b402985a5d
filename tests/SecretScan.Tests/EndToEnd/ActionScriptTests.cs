using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>
/// The GitHub Action's scan step (tools/action/scan.sh, which action.yml runs) with the real executable, in the
/// environment a runner gives it: outputs in GITHUB_OUTPUT, SARIF on disk, annotations on stdout.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ActionScriptTests
{
    private static string Script => Path.Combine(CliRunner.RepoRoot, "tools", "action", "scan.sh");

    /// <summary>A repository whose first commit (the pull request's base) and second commit each add one key.</summary>
    private static (TestRepository Repo, string Base) PullRequest()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("the action's step runs under bash on Linux and macOS runners");
        var repo = TestRepository.Init();
        string baseCommit = repo.Commit("base", ("old.env", $"GITHUB_TOKEN={FakeSecrets.GitHubPat()}\n"));
        repo.Commit("feature", ("new.env", $"STRIPE_KEY={FakeSecrets.StripeLiveKey()}\n"));
        return (repo, baseCommit);
    }

    private static (CliRunner.Result Run, Dictionary<string, string> Outputs, JsonElement? Sarif) RunStep(TestRepository repo, Dictionary<string, string?> inputs)
    {
        string outputs = repo.Temp.Combine("github-output");
        File.WriteAllText(outputs, "");
        string sarif = repo.Temp.Combine("out.sarif");
        var env = repo.Environment;
        env["SECRETSCAN"] = CliRunner.Executable;
        env["GITHUB_OUTPUT"] = outputs;
        env["RUNNER_TEMP"] = repo.Temp.Path;
        env["SCAN"] = "git";
        env["SCAN_PATH"] = repo.Path;
        env["SARIF_FILE"] = sarif;
        env["ANNOTATIONS"] = "true";
        foreach (var (k, v) in inputs) env[k] = v;
        CliRunner.Result run = CliRunner.Run("bash", [Script], repo.Path, environment: env);
        var values = File.ReadAllLines(outputs).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        JsonElement? doc = File.Exists(sarif) ? JsonDocument.Parse(File.ReadAllText(sarif)).RootElement.Clone() : null;
        return (run, values, doc);
    }

    private static string[] ResultFiles(JsonElement sarif) =>
    [
        .. sarif.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!),
    ];

    [Test]
    public void PrBase_ScansOnlyThePullRequestsCommits()
    {
        var (repo, baseCommit) = PullRequest();
        using (repo)
        {
            var (run, outputs, sarif) = RunStep(repo, new() { ["SINCE"] = "pr-base", ["PR_BASE_SHA"] = baseCommit });
            Assert.Multiple(() =>
            {
                Assert.That(run.ExitCode, Is.Zero, "the step leaves failing to the 'fail on findings' step\n" + run);
                Assert.That(outputs["exit-code"], Is.EqualTo("1"));
                Assert.That(ResultFiles(sarif!.Value), Is.EqualTo(new[] { "new.env" }), "the base's key is not the pull request's");
                Assert.That(run.Stdout, Does.Contain("::error").And.Contain("new.env"), "annotations are printed");
            });
        }
    }

    [Test]
    public void PrBase_OutsideAPullRequest_ScansAllHistory()
    {
        var (repo, _) = PullRequest();
        using (repo)
        {
            var (run, outputs, sarif) = RunStep(repo, new() { ["SINCE"] = "pr-base", ["PR_BASE_SHA"] = "" });
            Assert.That(outputs["exit-code"], Is.EqualTo("1"), run.ToString());
            Assert.That(ResultFiles(sarif!.Value), Is.EquivalentTo(new[] { "old.env", "new.env" }));
            Assert.That(run.Stdout, Does.Contain("not a pull request"));
        }
    }

    [Test]
    public void Since_MissingFromAShallowCheckout_FailsWithAdvice()
    {
        var (repo, _) = PullRequest();
        using (repo)
        {
            var (run, _, _) = RunStep(repo, new() { ["SINCE"] = "pr-base", ["PR_BASE_SHA"] = new string('a', 40) });
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stdout, Does.Contain("fetch-depth: 0"));
        }
    }

    [Test]
    public void UnknownScanKind_IsRejectedBeforeAnythingRuns()
    {
        var (repo, _) = PullRequest();
        using (repo)
        {
            var (run, _, sarif) = RunStep(repo, new() { ["SCAN"] = "everything; rm -rf /" });
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stdout, Does.Contain("input 'scan' must be dir or git"));
            Assert.That(sarif, Is.Null);
        }
    }
}
