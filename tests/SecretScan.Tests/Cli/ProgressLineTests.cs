using SecretScan.Cli;
using SecretScan.Core;

namespace SecretScan.Tests.Cli;

public sealed class ProgressLineTests
{
    private static Finding Sighting(Rule rule, string path, string commit, string secret) =>
        new Detector(new RuleSet([rule])).Detect(new Fragment($"token = {secret}\n", path,
            new CommitProvenance(commit, "A", "a@example.invalid", DateTimeOffset.UnixEpoch, "s"))).Findings.Single();

    [Test]
    public void FindingCount_CountsASecretSeenInManyCommitsOnceLikeTheReport()
    {
        var guide = new RotationGuide { Url = "https://example.invalid", Steps = ["Revoke."], Update = ["Env"] };
        var rule = new Rule("test-token", @"token = (?<secret>tk_[a-z0-9]{16})", ["tk_"], guide);
        var context = new ScanContext();
        using var progress = new ProgressLine(context, TextWriter.Null, TimeProvider.System);
        string one = "tk_q7w9e2r4t6y8u1i3", two = "tk_z5x3c1v8b6n4m2k0";
        progress.Found(Sighting(rule, "a.env", new string('1', 40), one));
        progress.Found(Sighting(rule, "a.env", new string('2', 40), one));
        progress.Found(Sighting(rule, "b.env", new string('2', 40), one));
        progress.Found(Sighting(rule, "a.env", new string('3', 40), two));
        Assert.Multiple(() =>
        {
            Assert.That(progress.FindingCount, Is.EqualTo(3), "(one, a.env) twice is one finding, as MergeHistory makes it");
            Assert.That(progress.Text(), Does.Contain("3 finding(s) so far").And.Contain("/s").And.Contain("elapsed"));
        });
    }
}
