using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Hardening;

/// <summary>
/// A history scan on a repository with damaged objects (issue 10 §2): one warning per unreadable object, naming its
/// id and path, and the scan goes on: findings in the good objects are still reported, with no stack trace.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CorruptHistoryTests
{
    private const int HardTimeoutMs = 60_000;

    /// <summary>Random text, so that git stores each version whole (no delta) and one damaged object harms no other.</summary>
    private static string Noise() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12_000), Base64FormattingOptions.InsertLineBreaks) + "\n";

    private static (string Pack, long Offset, long Length) PackedObject(TestRepository repo, string id)
    {
        string packs = Path.Combine(repo.Path, ".git", "objects", "pack");
        string idx = Directory.GetFiles(packs, "*.idx").Single();
        // "<id> <type> <size> <size-in-pack> <offset>" per object.
        string line = repo.Git("verify-pack", "-v", idx).Split('\n').Single(l => l.StartsWith(id + " ", StringComparison.Ordinal));
        string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (Path.ChangeExtension(idx, ".pack"), long.Parse(f[4], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture));
    }

    [Test]
    public void Git_CorruptObjectInAPackfile_OneWarningForIt_AndTheOtherBlobsFindingsAreReported()
    {
        using var repo = TestRepository.Init();
        string before = FakeSecrets.GitHubPat(), after = FakeSecrets.GitHubPat();
        repo.Commit("first", ("conf/early.env", $"GITHUB_TOKEN={before}\n" + Noise()));
        repo.Commit("second", ("data/damaged.txt", Noise()));
        repo.Commit("third", ("conf/late.env", Noise() + $"GITHUB_TOKEN={after}\n"));
        string damaged = repo.Git("rev-parse", "HEAD:data/damaged.txt");
        repo.Git("gc", "-q");
        var (pack, offset, length) = PackedObject(repo, damaged);
        File.SetAttributes(pack, FileAttributes.Normal);
        using (var stream = new FileStream(pack, FileMode.Open, FileAccess.Write))
        {
            stream.Position = offset + length / 2;
            stream.Write(new byte[32]);   // zeros in the middle of the zlib stream: git's check fails on inflate
        }
        Assert.That(repo.RunGit(repo.Path, "cat-file", "blob", damaged).ExitCode, Is.Not.Zero, "the fixture must really be corrupt");

        CliRunner.Result r = CliRunner.Run(CliRunner.Executable, ["git", "-f", "json"], repo.Path, environment: repo.Environment, timeoutMs: HardTimeoutMs);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        using var report = JsonDocument.Parse(r.Stdout);
        List<ReportedFinding> findings = ReportedFinding.From(report.RootElement);
        var warnings = report.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Where(d => d.GetProperty("level").GetString() == "warning" && d.GetProperty("message").GetString()!.Contains(damaged, StringComparison.Ordinal))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(findings.Select(f => f.File), Is.EquivalentTo(new[] { "conf/early.env", "conf/late.env" }),
                "blobs read before and after the damaged one are scanned");
            Assert.That(warnings, Has.Count.EqualTo(1), "one warning for the one damaged object");
            Assert.That(warnings.Single().GetProperty("file").GetString(), Is.EqualTo("data/damaged.txt"));
            Assert.That(warnings.Single().GetProperty("message").GetString(), Does.Contain("corrupt"));
            Assert.That(r.Stderr, Does.Not.Contain("   at ").And.Not.Contain("Exception"));
        });
    }

    [Test]
    public void Git_ManyCorruptLooseBlobs_EachAWarning_TheGoodOnesStillScanned()
    {
        using var repo = TestRepository.Init();
        string secret = FakeSecrets.GitHubPat();
        var damaged = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            repo.Commit($"bad {i}", ($"bad/{i}.txt", Noise()));
            damaged.Add(repo.Git("rev-parse", $"HEAD:bad/{i}.txt"));
        }
        repo.Commit("good", ("conf/app.env", $"GITHUB_TOKEN={secret}\n"));
        foreach (string id in damaged)
        {
            string loose = Path.Combine(repo.Path, ".git", "objects", id[..2], id[2..]);
            File.SetAttributes(loose, FileAttributes.Normal);
            byte[] bytes = File.ReadAllBytes(loose);
            File.WriteAllBytes(loose, bytes[..(bytes.Length / 2)]);   // a truncated loose object
        }

        CliRunner.Result r = CliRunner.Run(CliRunner.Executable, ["git", "-f", "json"], repo.Path, environment: repo.Environment, timeoutMs: HardTimeoutMs);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        using var report = JsonDocument.Parse(r.Stdout);
        var messages = report.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Where(d => d.GetProperty("level").GetString() == "warning").Select(d => d.GetProperty("message").GetString()!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ReportedFinding.From(report.RootElement).Select(f => f.File), Is.EqualTo(new[] { "conf/app.env" }));
            foreach (string id in damaged)
                Assert.That(messages.Count(m => m.Contains(id, StringComparison.Ordinal)), Is.EqualTo(1), $"one warning for {id}");
            Assert.That(r.Stderr, Does.Not.Contain("   at "));
        });
    }
}
