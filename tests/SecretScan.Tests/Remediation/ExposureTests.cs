using System.Text.Json;
using SecretScan.Cli.Hosting;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Remediation;

/// <summary>
/// The exposure summary of history findings on real repositories: pushed (a bare remote in the temp folder) against
/// local-only, still at HEAD against removed, and the age against a pinned clock given through the CLI host.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ExposureTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static InProcessCli.Result RunAt(DateTimeOffset now, string directory, params string[] args)
    {
        var console = new FakeConsole();
        var host = new CliHost(console, new FakeEnvironment(directory, new Dictionary<string, string?> { ["NO_COLOR"] = "1" }), new SystemFileSystem(), new PinnedClock(now));
        var run = Task.Run(() => SecretScan.Cli.Cli.Run(args, host, CancellationToken.None), CancellationToken.None);
        if (!run.Wait(TimeSpan.FromSeconds(90))) Assert.Fail($"secretscan {string.Join(' ', args)} did not finish in 90 s");
        return new InProcessCli.Result(run.Result, console.Stdout, console.Stderr);
    }

    private static Dictionary<string, JsonElement> ExposureByFile(InProcessCli.Result r)
    {
        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.GetProperty("findings").EnumerateArray()
            .ToDictionary(f => f.GetProperty("file").GetString()!, f => f.GetProperty("historyExposure").Clone());
    }

    [Test]
    public void Exposure_PushedLocalAtHeadAndRemoved_AreEachTold()
    {
        using var s = LeakScenario.Create();
        string pushedGone = s.CommitAt(new DateTimeOffset(2025, 1, 14, 9, 0, 0, TimeSpan.Zero), "old key", ("old.py", $"name = 'demo'\nTOKEN = \"{FakeSecrets.GitHubPat()}\"\n"));
        string pushedHere = s.CommitAt(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero), "stripe", ("pay.py", $"STRIPE = \"{FakeSecrets.StripeLiveKey()}\"\n"));
        s.CommitAt(new DateTimeOffset(2025, 6, 2, 9, 0, 0, TimeSpan.Zero), "drop old key", ("old.py", "name = 'demo'\n"));
        s.Push();
        string local = s.CommitAt(new DateTimeOffset(2026, 2, 26, 9, 0, 0, TimeSpan.Zero), "local key", ("local.py", $"KEY = \"{FakeSecrets.GitHubPat()}\"\n"));

        var byFile = ExposureByFile(RunAt(Now, s.Path, "git", "-f", "json"));

        Assert.Multiple(() =>
        {
            Assert.That(byFile["old.py"].GetProperty("firstSeenCommit").GetString(), Is.EqualTo(pushedGone));
            Assert.That(byFile["old.py"].GetProperty("pushed").GetBoolean(), Is.True);
            Assert.That(byFile["old.py"].GetProperty("atHead").GetBoolean(), Is.False, "removed by a later commit");
            Assert.That(byFile["old.py"].GetProperty("daysReachable").GetInt32(), Is.EqualTo(411));
            Assert.That(byFile["old.py"].GetProperty("summary").GetString(), Does.StartWith("pushed 411 days ago; no longer at HEAD"));
            Assert.That(byFile["pay.py"].GetProperty("firstSeenCommit").GetString(), Is.EqualTo(pushedHere));
            Assert.That(byFile["pay.py"].GetProperty("pushed").GetBoolean(), Is.True);
            Assert.That(byFile["pay.py"].GetProperty("atHead").GetBoolean(), Is.True);
            Assert.That(byFile["pay.py"].GetProperty("urgency").GetInt32(), Is.Zero);
            Assert.That(byFile["local.py"].GetProperty("firstSeenCommit").GetString(), Is.EqualTo(local));
            Assert.That(byFile["local.py"].GetProperty("pushed").GetBoolean(), Is.False, "only the local branch has it");
            Assert.That(byFile["local.py"].GetProperty("atHead").GetBoolean(), Is.True);
            Assert.That(byFile["local.py"].GetProperty("summary").GetString(), Does.StartWith("committed 3 days ago, only in local branches; still at HEAD"));
        });
    }

    [Test]
    public void Exposure_TextReport_SaysTheAgeAndRotatesTheMostExposedKeyFirst()
    {
        using var s = LeakScenario.Create();
        // The local Stripe key sorts first among the findings (local.py < z.py), but the pushed GitHub token is rotated first.
        s.CommitAt(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), "token", ("z.py", $"T = \"{FakeSecrets.GitHubPat()}\"\n"));
        s.Push();
        s.CommitAt(new DateTimeOffset(2026, 2, 20, 0, 0, 0, TimeSpan.Zero), "stripe", ("a.py", $"S = \"{FakeSecrets.StripeLiveKey()}\"\n"));

        var r = RunAt(Now, s.Path, "git");

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stdout, Does.Contain("  exposed pushed 393 days ago; still at HEAD"));
        Assert.That(r.Stdout, Does.Contain("  exposed committed 9 days ago, only in local branches; still at HEAD"));
        string rotation = r.Stdout[r.Stdout.IndexOf("How to rotate", StringComparison.Ordinal)..];
        int github = rotation.IndexOf("(github-pat-classic,", StringComparison.Ordinal), stripe = rotation.IndexOf("(stripe-live-secret-key,", StringComparison.Ordinal);
        Assert.That(github, Is.GreaterThan(0), rotation);
        Assert.That(stripe, Is.GreaterThan(github), "the pushed key's rotation comes first");
        Assert.That(rotation, Does.Contain("Urgent: pushed 393 days ago and still at HEAD"));
    }

    [Test]
    public void Exposure_SecretRenamedSinceItsCommit_IsStillAtHead()
    {
        using var s = LeakScenario.Create(withRemote: false);
        s.CommitAt(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "add", ("conf/old.env", $"TOKEN={FakeSecrets.GitHubPat()}\n"));
        s.Repo.Git("mv", "conf/old.env", "new.env");
        s.CommitAt(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), "rename");

        var byFile = ExposureByFile(RunAt(Now, s.Path, "git", "-f", "json"));

        Assert.That(byFile["conf/old.env"].GetProperty("atHead").GetBoolean(), Is.True, "HEAD's new.env holds it");
        Assert.That(byFile["conf/old.env"].GetProperty("pushed").GetBoolean(), Is.False, "no remote at all");
        Assert.That(byFile["conf/old.env"].GetProperty("daysReachable").GetInt32(), Is.EqualTo(59));
    }

    [Test]
    public void Exposure_InSarifCsvAndHtml()
    {
        using var s = LeakScenario.Create();
        s.CommitAt(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), "token", ("t.py", $"T = \"{FakeSecrets.GitHubPat()}\"\n"));
        s.Push();

        var sarif = RunAt(Now, s.Path, "git", "-f", "sarif");
        var csv = RunAt(Now, s.Path, "git", "-f", "csv");
        var html = RunAt(Now, s.Path, "git", "-f", "html");

        using var doc = JsonDocument.Parse(sarif.Stdout);
        JsonElement props = doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("properties");
        Assert.Multiple(() =>
        {
            Assert.That(props.GetProperty("historyExposure").GetProperty("pushed").GetBoolean(), Is.True);
            Assert.That(props.GetProperty("historyExposure").GetProperty("daysReachable").GetInt32(), Is.EqualTo(28));
            string[] rows = csv.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.That(rows[0], Does.EndWith(",at_head,days_reachable"));
            Assert.That(rows[1], Does.EndWith(",true,28"));
            Assert.That(html.Stdout, Does.Contain("<b>pushed 28 days ago</b> · still at HEAD"));
        });
    }

    [Test]
    public void PurgePlan_RotationList_IsMostExposedFirst_WithThePinnedAge()
    {
        using var s = LeakScenario.Create();
        s.CommitAt(new DateTimeOffset(2025, 1, 14, 9, 0, 0, TimeSpan.Zero), "old", ("a-old.py", $"T = \"{FakeSecrets.GitHubPat()}\"\n"));
        s.CommitAt(new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero), "drop", ("a-old.py", "T = None\n"));
        s.CommitAt(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero), "stripe", ("b-pay.py", $"S = \"{FakeSecrets.StripeLiveKey()}\"\n"));
        s.Push();
        s.CommitAt(new DateTimeOffset(2026, 2, 26, 9, 0, 0, TimeSpan.Zero), "local", ("c-local.py", $"K = \"{FakeSecrets.GitHubPat()}\"\n"));

        var r = RunAt(Now, s.Path, "purge-plan", "--replacements", s.Repo.Temp.Combine("r.txt"));

        Assert.That(r.ExitCode, Is.Zero, r.ToString());
        string rotate = r.Stdout[r.Stdout.IndexOf("1. Rotate", StringComparison.Ordinal)..r.Stdout.IndexOf("2. Commits", StringComparison.Ordinal)];
        int atHead = rotate.IndexOf("pushed 273 days ago; still at HEAD", StringComparison.Ordinal);
        int gone = rotate.IndexOf("pushed 411 days ago; no longer at HEAD", StringComparison.Ordinal);
        int local = rotate.IndexOf("committed 3 days ago, only in local branches; still at HEAD", StringComparison.Ordinal);
        Assert.That(atHead, Is.GreaterThan(0), rotate);
        Assert.That(gone, Is.GreaterThan(atHead), "pushed and at HEAD first, then pushed");
        Assert.That(local, Is.GreaterThan(gone), "local last");
        Assert.That(r.Stdout, Does.Contain("2 pushed, 1 only in local commits, 2 still at HEAD"));
    }

    [Test]
    public void Exposure_DirectoryScan_HasNone()
    {
        using var dir = new TempDirectory();
        dir.File("a.py", $"T = \"{FakeSecrets.GitHubPat()}\"\n");
        var r = RunAt(Now, dir.Path, "dir", ".", "-f", "json");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stdout, Does.Not.Contain("historyExposure"));
    }
}
