using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>'ignore FINGERPRINT' and 'baseline update' through the real executable, on real files and a real repository.</summary>
public sealed class BaselineCommandTests
{
    private const int Timeout = 120_000;

    private static CliRunner.Result Run(string cwd, params string[] args) => CliRunner.Run(CliRunner.Executable, args, cwd, timeoutMs: Timeout);

    private static CliRunner.Result RunIn(TestRepository repo, params string[] args) =>
        CliRunner.Run(CliRunner.Executable, args, repo.Path, environment: repo.Environment, timeoutMs: Timeout);

    private static List<JsonElement> Findings(CliRunner.Result r) =>
        [.. JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings").EnumerateArray()];

    private static List<JsonElement> Entries(string baselinePath) =>
        [.. JsonDocument.Parse(File.ReadAllText(baselinePath)).RootElement.GetProperty("entries").EnumerateArray()];

    private static string? Field(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

    [Test]
    public void Ignore_ByFingerprintPrefix_AddsEntryWithReasonOwnerExpiry_AndTheScanHoldsItBack()
    {
        using var repo = TestRepository.Init();
        string token = FakeSecrets.GitHubPat(), other = FakeSecrets.AwsAccessKeyId();
        repo.Write("app/settings.py", $"TOKEN = \"{token}\"\n");
        repo.Write("deploy.cfg", $"aws_access_key_id = {other}\n");
        var scan = RunIn(repo, "dir", ".", "-f", "json");
        string fingerprint = Findings(scan).Single(f => f.GetProperty("ruleId").GetString() == "github-pat-classic").GetProperty("fingerprint").GetString()!;

        var ignore = RunIn(repo, "ignore", fingerprint[..10], "--reason", "test fixture, revoked", "--expires", "2099-12-31");

        Assert.That(ignore.ExitCode, Is.EqualTo(0), ignore.ToString());
        string baseline = Path.Combine(repo.Path, ".secretscan-baseline.json");
        var entry = Entries(baseline).Single();
        Assert.Multiple(() =>
        {
            Assert.That(ignore.Stderr, Does.Contain($"ignored app/settings.py: rule 'github-pat-classic' (fingerprint {fingerprint})"));
            Assert.That(Field(entry, "fingerprint"), Is.EqualTo(fingerprint));
            Assert.That(Field(entry, "path"), Is.EqualTo("app/settings.py"));
            Assert.That(Field(entry, "rule"), Is.EqualTo("github-pat-classic"));
            Assert.That(Field(entry, "reason"), Is.EqualTo("test fixture, revoked"));
            Assert.That(Field(entry, "owner"), Is.EqualTo("author@example.test"), "from git config user.email");
            Assert.That(Field(entry, "expires"), Is.EqualTo("2099-12-31"));
            Assert.That(File.ReadAllText(baseline), Does.Not.Contain(token[4..]));
        });

        var after = RunIn(repo, "dir", ".", "-f", "json", "--baseline", ".secretscan-baseline.json");
        Assert.That(Findings(after).Select(f => f.GetProperty("ruleId").GetString()), Is.EqualTo(new[] { "aws-access-key-id" }), after.ToString());

        // Again, with another reason: the entry is updated, not doubled.
        var again = RunIn(repo, "ignore", fingerprint, "--reason", "second look", "--owner", "sec@example.test");
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        var updated = Entries(baseline).Single();
        Assert.That((Field(updated, "reason"), Field(updated, "owner"), Field(updated, "expires")), Is.EqualTo(("second look", "sec@example.test", (string?)null)));
    }

    [Test]
    public void Ignore_FindingOnlyInHistory_NeedsTheGitScanAfterTheFingerprint()
    {
        using var repo = TestRepository.Init();
        repo.Commit("add key", ("old.env", $"TOKEN={FakeSecrets.GitHubPat()}\n"));
        repo.Commit("remove key", ("old.env", "TOKEN=\n"));
        string fingerprint = Findings(RunIn(repo, "git", ".", "-f", "json")).Single().GetProperty("fingerprint").GetString()!;

        var inDir = RunIn(repo, "ignore", fingerprint, "--reason", "rotated");
        var inHistory = RunIn(repo, "ignore", fingerprint, "--reason", "rotated", "git", ".");

        Assert.Multiple(() =>
        {
            Assert.That(inDir.ExitCode, Is.EqualTo(2), inDir.ToString());
            Assert.That(inDir.Stderr, Does.Contain($"no finding with fingerprint '{fingerprint}' in this scan").And.Contain("git ."));
            Assert.That(inHistory.ExitCode, Is.EqualTo(0), inHistory.ToString());
            Assert.That(Field(Entries(Path.Combine(repo.Path, ".secretscan-baseline.json")).Single(), "path"), Is.EqualTo("old.env"));
        });
        var scan = RunIn(repo, "git", ".", "--baseline", ".secretscan-baseline.json");
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
    }

    [TestCase(new[] { "ignore", "0123456789abcdef" }, "needs --reason")]
    [TestCase(new[] { "ignore", "--reason", "x" }, "needs the finding's fingerprint")]
    [TestCase(new[] { "ignore", "0123", "--reason", "x" }, "too short")]
    [TestCase(new[] { "ignore", "0123456789abcdef", "--reason", "x", "--expires", "31/12/2099" }, "--expires must be a date like 2027-01-31")]
    [TestCase(new[] { "ignore", "0123456789abcdef", "--reason", "x", "--expires", "2001-01-01" }, "is not in the future")]
    [TestCase(new[] { "ignore", "0123456789abcdef", "--reason", "x", "lint" }, "is not a scan command")]
    [TestCase(new[] { "baseline", "update", "dir", "." }, "does not exist (create one with 'secretscan baseline create')")]
    [TestCase(new[] { "baseline", "create", "--add-new", "dir", "." }, "--add-new belongs to 'baseline update'")]
    [TestCase(new[] { "baseline", "refresh", "dir", "." }, "expected create or update")]
    public void BadUse_ExitsTwoWithMessage(string[] args, string message)
    {
        using var dir = new TempDirectory();
        dir.File("a.txt", $"token = {FakeSecrets.GitHubPat()}\n");
        var r = Run(dir.Path, args);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain(message));
            Assert.That(r.Stderr, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public void BaselineUpdate_KeepsReasonsOfEntriesStillFound_DropsAndListsGoneOnes_AddsNewOnlyWhenAsked()
    {
        using var dir = new TempDirectory();
        string kept = FakeSecrets.GitHubPat(), gone = FakeSecrets.AwsAccessKeyId();
        dir.File("keep.txt", $"token = {kept}\n");
        dir.File("gone.txt", $"aws_access_key_id = {gone}\n");
        Assert.That(Run(dir.Path, "baseline", "create", "dir", ".").ExitCode, Is.EqualTo(0));
        string baseline = dir.Combine(".secretscan-baseline.json");
        File.WriteAllText(baseline, File.ReadAllText(baseline).Replace("\"fingerprint\"", "\"reason\": \"accepted in review\", \"owner\": \"lead@example.test\", \"expires\": \"2099-01-31\", \"fingerprint\""));
        File.WriteAllText(dir.Combine("gone.txt"), "removed\n");
        dir.File("new.txt", $"token = {FakeSecrets.GitHubPat()}\n");

        var update = Run(dir.Path, "baseline", "update", "dir", ".");

        Assert.That(update.ExitCode, Is.EqualTo(0), update.ToString());
        var entries = Entries(baseline);
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => Field(e, "path")), Is.EqualTo(new[] { "keep.txt" }));
            Assert.That((Field(entries[0], "reason"), Field(entries[0], "owner"), Field(entries[0], "expires")), Is.EqualTo(("accepted in review", "lead@example.test", "2099-01-31")));
            Assert.That(update.Stderr, Does.Contain("dropped gone.txt: rule 'aws-access-key-id'").And.Contain("no longer found"));
            Assert.That(update.Stderr, Does.Contain("new, not added: new.txt: rule 'github-pat-classic'"));
            Assert.That(update.Stderr, Does.Contain("1 kept, 1 dropped, 0 added"));
        });

        var addNew = Run(dir.Path, "baseline", "update", "--add-new", "dir", ".");
        Assert.That(addNew.ExitCode, Is.EqualTo(0), addNew.ToString());
        var after = Entries(baseline);
        Assert.Multiple(() =>
        {
            Assert.That(after.Select(e => Field(e, "path")), Is.EqualTo(new[] { "keep.txt", "new.txt" }));
            Assert.That(Field(after[0], "reason"), Is.EqualTo("accepted in review"));
            Assert.That(Field(after[1], "reason"), Is.Null);
            Assert.That(addNew.Stderr, Does.Contain("added new.txt: rule 'github-pat-classic'").And.Contain("1 kept, 0 dropped, 1 added"));
        });
        var scan = Run(dir.Path, "dir", ".", "--baseline", ".secretscan-baseline.json");
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
    }
}
