using System.Text.RegularExpressions;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Remediation;

/// <summary>
/// <c>secretscan purge-plan</c> end to end with the real executable on real repositories: the plan's sections and
/// commands, the owner-only replace-text file, and the round trip scan -> plan -> run the printed commands -> clean.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PurgePlanTests
{
    private static bool HasFilterRepo() =>
        CliRunner.Run("git", ["filter-repo", "--version"], Path.GetTempPath(), timeoutMs: 30_000).ExitCode == 0;

    /// <summary>The "$ " lines of the plan's text between two headings, as a user would copy them.</summary>
    private static List<string> Commands(string plan, string from, string until)
    {
        int start = plan.IndexOf(from, StringComparison.Ordinal);
        int end = plan.IndexOf(until, start, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), plan);
        Assert.That(end, Is.GreaterThan(start), plan);
        return [.. plan[start..end].Split('\n').Where(l => l.StartsWith("    $ ", StringComparison.Ordinal)).Select(l => l["    $ ".Length..])];
    }

    [Test]
    public void PurgePlan_RoundTrip_PrintedCommandsLeaveAHistoryThatScansClean()
    {
        if (!HasFilterRepo()) Assert.Ignore("git filter-repo is not installed (apt-get install git-filter-repo): the round trip runs its commands");
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("the plan's commands are POSIX shell; this test runs them with sh");
            return;
        }
        using var s = LeakScenario.Create();
        string token = FakeSecrets.GitHubPat(), stripe = FakeSecrets.StripeLiveKey();
        s.Repo.Commit("settings", ("app/settings.py", $"DEBUG = False\nGITHUB_TOKEN = \"{token}\"\nPORT = 8080\n"), ("README.md", "demo service\n"));
        s.Repo.Commit("payments", ("app/pay.py", $"import stripe\nstripe.api_key = \"{stripe}\"\nCURRENCY = 'eur'\n"));
        s.Repo.Commit("tidy", ("app/settings.py", $"DEBUG = True\nGITHUB_TOKEN = \"{token}\"\nPORT = 8080\n"));
        // A key on many lines goes into the replace-text file as an exact regex; a key in a commit message needs --replace-message.
        string pem = FakeKeyFiles.PemPrivateKey(), inMessage = FakeSecrets.StripeLiveKey();
        s.Repo.Commit($"deploy key (test with {inMessage})", ("deploy/key.pem", pem), ("deploy/notes.txt", "rotate yearly\n"));
        s.Repo.Git("tag", "v1.0");
        s.Push();
        s.Repo.Git("push", "-q", "origin", "v1.0");
        Assert.That(s.Repo.Secretscan("git").ExitCode, Is.EqualTo(1), "the scan sees the leak first");

        string replacements = s.Repo.Temp.Combine("repo-secretscan-replacements.txt");
        CliRunner.Result plan = s.Repo.Secretscan("purge-plan");

        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        Assert.That(plan.Stdout + plan.Stderr, Does.Not.Contain(token).And.Not.Contain(stripe).And.Not.Contain(inMessage).And.Not.Contain(pem.Split('\n')[1]), "the plan never shows a secret");
        Assert.That(File.ReadAllText(replacements), Does.Contain(token + "==>***REMOVED***").And.Contain(stripe + "==>***REMOVED***"));
        Assert.That(File.GetUnixFileMode(replacements), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "owner-only: it holds the secrets");
        List<string> commands = Commands(plan.Stdout, "3. Pushed history", "Alternative to steps b to d");
        Assert.That(commands, Has.Some.EqualTo($"git filter-repo --replace-text {replacements} --replace-message {replacements}"));
        Assert.That(commands, Has.Some.EqualTo("git push --force --all origin").And.Some.EqualTo("git push --force --tags origin"));

        string script = s.Repo.Temp.File("purge.sh", string.Join("\n", commands) + "\n");
        CliRunner.Result run = CliRunner.Run("sh", ["-e", script], s.Path, environment: s.Repo.Environment, timeoutMs: 300_000);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());

        string clean = s.Repo.Temp.Combine("repo-clean");
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(replacements), Is.False, "the plan deletes the replace-text file");
            Assert.That(Directory.Exists(s.Repo.Temp.Combine("repo-backup-" + DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + ".git")), Is.True, "a backup came first");
            CliRunner.Result rescan = s.Repo.SecretscanIn(clean, "git");
            Assert.That(rescan.ExitCode, Is.Zero, "a fresh clone of the rewritten remote scans clean:\n" + rescan);
            Assert.That(s.Repo.GitIn(clean, "rev-list", "--count", "--all"), Is.EqualTo("4"), "every commit is kept");
            Assert.That(s.Repo.GitIn(clean, "log", "-1", "--format=%s"), Is.EqualTo("deploy key (test with ***REMOVED***)"));
            Assert.That(s.Repo.GitIn(clean, "show", "HEAD:deploy/key.pem"), Does.Not.Contain(pem.Split('\n')[1]));
            Assert.That(s.Repo.GitIn(clean, "show", "HEAD:deploy/notes.txt"), Is.EqualTo("rotate yearly"));
            Assert.That(s.Repo.GitIn(clean, "show", "v1.0:app/settings.py"), Is.EqualTo("DEBUG = True\nGITHUB_TOKEN = \"***REMOVED***\"\nPORT = 8080"));
            Assert.That(s.Repo.GitIn(clean, "show", "HEAD~3:app/settings.py"), Does.Contain("DEBUG = False").And.Contain("PORT = 8080"));
            Assert.That(s.Repo.GitIn(clean, "show", "HEAD~1:app/pay.py"), Does.Contain("import stripe").And.Contain("CURRENCY = 'eur'").And.Not.Contain(stripe));
            Assert.That(s.Repo.GitIn(clean, "show", "HEAD~3:README.md"), Is.EqualTo("demo service"));
        });
    }

    [Test]
    public void PurgePlan_FromSavedMaskedReport_RecoversTheTextsFromTheRepository()
    {
        using var s = LeakScenario.Create();
        string token = FakeSecrets.GitHubPat();
        s.Repo.Commit("add", ("config.yaml", $"github:\n  token: {token}\n"));
        s.Push();
        string local = FakeSecrets.StripeLiveKey();
        string head = s.Repo.Commit("local only", ("pay.env", $"STRIPE={local}\n"));
        string report = s.Repo.Temp.Combine("history.json");
        Assert.That(s.Repo.Secretscan("git", "-f", "json", "-o", report).ExitCode, Is.EqualTo(1));
        Assert.That(File.ReadAllText(report), Does.Not.Contain(token), "the saved report is masked");
        string replacements = s.Repo.Temp.Combine("out/replace.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(replacements)!);

        CliRunner.Result plan = s.Repo.Secretscan("purge-plan", "--report", report, "--replacements", replacements, "-f", "markdown");

        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        Assert.That(File.ReadAllText(replacements), Is.EqualTo(token + "==>***REMOVED***\n"),
            "read back from the commit and checked against the fingerprint; the local-only key is fixed by hand and never written to disk");
        Assert.Multiple(() =>
        {
            Assert.That(plan.Stdout, Does.StartWith("# Purge plan for repo\n"));
            Assert.That(plan.Stdout, Does.Contain("## 1. Rotate every key first").And.Contain("## 2. Commits not pushed yet").And.Contain("## 3. Pushed history").And.Contain("## 4. What no rewrite reaches"));
            Assert.That(plan.Stdout, Does.Contain("https://github.com/settings/tokens"), "the provider's rotation link");
            Assert.That(plan.Stdout, Does.Contain("Purging is not a substitute for rotation"));
            Assert.That(plan.Stdout, Does.Contain("```sh\n").And.Contain("git filter-repo --replace-text " + replacements));
            Assert.That(plan.Stdout, Does.Contain("java -jar bfg.jar --replace-text"), "the BFG alternative");
            Assert.That(plan.Stdout, Does.Contain("re-clone"));
            Assert.That(plan.Stdout, Does.Contain($"# {head[..12]} is HEAD: amend it. Remove the secret from pay.env, then:\ngit add -- pay.env\ngit commit --amend --no-edit\n"));
            Assert.That(plan.Stdout + plan.Stderr, Does.Not.Contain(token).And.Not.Contain(local));
        });
    }

    [Test]
    public void PurgePlan_OnlyLocalCommits_GivesTheLocalFixAndWritesNoSecretFile()
    {
        using var s = LeakScenario.Create(withRemote: false);
        s.Repo.Git("remote", "add", "origin", "https://github.com/example/demo.git");   // a remote that was never fetched: nothing is pushed
        s.Repo.Commit("init", ("README.md", "demo\n"));
        string older = s.Repo.Commit("add key", ("a.env", $"TOKEN={FakeSecrets.GitHubPat()}\n"));
        s.Repo.Commit("more", ("b.txt", "b\n"));
        string head = s.Repo.Commit("another key", ("c.env", $"STRIPE={FakeSecrets.StripeLiveKey()}\n"));

        CliRunner.Result plan = s.Repo.Secretscan("purge-plan");

        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        string local = plan.Stdout[plan.Stdout.IndexOf("2. Commits not pushed yet", StringComparison.Ordinal)..plan.Stdout.IndexOf("3. Pushed history", StringComparison.Ordinal)];
        Assert.Multiple(() =>
        {
            Assert.That(local, Does.Contain($"# {head[..12]} is HEAD: amend it."));
            Assert.That(local, Does.Contain("    $ git add -- c.env\n    $ git commit --amend --no-edit\n"));
            Assert.That(local, Does.Contain($"    $ git rebase -i {older}~1\n"));
            Assert.That(local, Does.Contain($"\"pick {older[..7]}\" to \"edit\""));
            Assert.That(local, Does.Contain($"    $ git reset --soft {older}~1\n"));
            Assert.That(local, Does.Contain("    $ git reflog expire --expire=now --all\n    $ git gc --prune=now\n    $ secretscan git\n"));
            Assert.That(plan.Stdout, Does.Contain("Nothing was pushed"));
            Assert.That(plan.Stdout, Does.Contain("https://support.github.com/contact"), "the hosting service's support route, from the remote URL");
            Assert.That(plan.Stdout, Does.Not.Contain("support.atlassian.com"), "only the service that hosts it");
            Assert.That(Directory.GetFiles(s.Repo.Temp.Path, "*replacements*"), Is.Empty, "no secret is written to disk when no rewrite is needed");
        });
    }

    [Test]
    public void PurgePlan_LocalFix_FoldingCommitsAsPrinted_LeavesHistoryClean()
    {
        using var s = LeakScenario.Create(withRemote: false);
        s.Repo.Commit("init", ("README.md", "demo\n"));
        s.Repo.Commit("add key", ("a.env", $"NAME=demo\nTOKEN={FakeSecrets.GitHubPat()}\n"));
        s.Repo.Commit("more", ("b.txt", "b\n"));
        CliRunner.Result plan = s.Repo.Secretscan("purge-plan");
        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        string reset = Regex.Match(plan.Stdout, @"(?m)^    \$ (git reset --soft \S+)$").Groups[1].Value;
        Assert.That(reset, Is.Not.Empty, plan.Stdout);

        s.Repo.RunGit(s.Path, [.. reset.Split(' ')[1..]]);
        s.Repo.Write("a.env", "NAME=demo\n");
        s.Repo.Git("add", "--", "a.env", "b.txt");
        s.Repo.Git("commit", "-q", "-m", "add config");
        foreach (string cmd in Commands(plan.Stdout, "The old commits stay", "3. Pushed history"))
        {
            string[] words = cmd.Split(' ');
            CliRunner.Result r = words[0] == "secretscan" ? s.Repo.Secretscan(words[1..]) : s.Repo.RunGit(s.Path, words[1..]);
            Assert.That(r.ExitCode, Is.Zero, $"{cmd}\n{r}");
        }
        Assert.That(s.Repo.Git("show", "HEAD:a.env"), Is.EqualTo("NAME=demo"));
    }

    [Test]
    public void PurgePlan_CleanHistory_SaysNothingToPurge()
    {
        using var s = LeakScenario.Create(withRemote: false);
        s.Repo.Commit("init", ("README.md", "demo\n"));
        CliRunner.Result plan = s.Repo.Secretscan("purge-plan");
        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        Assert.That(plan.Stdout, Does.Contain("Nothing to purge"));
    }

    [TestCase("{ \"findings\": [ }", "history.json:1:")]
    [TestCase("{ \"scan\": \"dir\", \"findings\": [] }", "this is a 'dir' scan report")]
    [TestCase("[1, 2]", "not a secretscan JSON report")]
    [TestCase("{ \"findings\": [ { \"commit\": \"abc\", \"file\": \"a\" } ] }", "finding 1 has no 'ruleId'")]
    public void PurgePlan_BadReport_IsAUsageErrorWithWhere(string json, string expected)
    {
        using var s = LeakScenario.Create(withRemote: false);
        s.Repo.Commit("init", ("README.md", "demo\n"));
        s.Repo.Temp.File("history.json", json);

        CliRunner.Result r = s.Repo.Secretscan("purge-plan", "--report", s.Repo.Temp.Combine("history.json"));

        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain(expected));
        Assert.That(r.Stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void PurgePlan_UnknownFormat_IsAUsageError()
    {
        using var s = LeakScenario.Create(withRemote: false);
        CliRunner.Result r = s.Repo.Secretscan("purge-plan", "-f", "pdf");
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        Assert.That(r.Stderr, Does.Contain("unknown purge-plan format"));
    }
}
