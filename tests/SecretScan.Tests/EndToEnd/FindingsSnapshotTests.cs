using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.EndToEnd;

/// <summary>
/// Pins every finding of a scan of the fixture corpora (rule, path, line, column, end, fingerprint, decode chain)
/// so that an engine change that moves a location, changes a fingerprint or the output order fails here, not in a
/// user's baseline. After an intended change, rerun with <c>SECRETSCAN_UPDATE_SNAPSHOT=1</c> and review the diff.
/// </summary>
public class FindingsSnapshotTests
{
    private static string Fixtures => Path.Combine(CliRunner.RepoRoot, "tests", "SecretScan.Tests", "Fixtures");
    private static string SnapshotFile => Path.Combine(Fixtures, "findings.snapshot.txt");

    private static IEnumerable<string> Findings(string corpus)
    {
        var r = CliRunner.Secretscan(Path.Combine(Fixtures, corpus), "dir", ".", "--no-config", "-f", "json");
        Assert.That(r.ExitCode, Is.AnyOf(0, 1), r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        // In report order: the order is part of what is pinned.
        return [.. json.RootElement.GetProperty("findings").EnumerateArray().Select(f =>
            $"{corpus}/{f.GetProperty("file").GetString()}:{f.GetProperty("line")}:{f.GetProperty("column")}-{f.GetProperty("endLine")}:{f.GetProperty("endColumn")} " +
            $"{f.GetProperty("ruleId").GetString()} {f.GetProperty("fingerprint").GetString()}" +
            (f.TryGetProperty("decoded", out var d) ? " decoded:" + string.Join("+", d.EnumerateArray().Select(e => e.GetString())) : ""))];
    }

    [Test]
    public void FixtureCorpora_FullFindings_MatchTheSnapshot()
    {
        var actual = Findings("leaks").Concat(Findings("clean")).ToList();
        if (Environment.GetEnvironmentVariable("SECRETSCAN_UPDATE_SNAPSHOT") == "1")
            File.WriteAllLines(SnapshotFile, actual);
        var expected = File.ReadAllLines(SnapshotFile).Where(l => l.Length > 0).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(actual.Except(expected), Is.Empty, "findings not in the snapshot");
            Assert.That(expected.Except(actual), Is.Empty, "snapshot entries no longer found");
            Assert.That(actual, Is.EqualTo(expected), "same findings, in the same order");
        });
    }
}
