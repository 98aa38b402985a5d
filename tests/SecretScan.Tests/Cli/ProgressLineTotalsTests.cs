using SecretScan.Cli;
using SecretScan.Core;

namespace SecretScan.Tests.Cli;

/// <summary>The progress line against the totals a source planned, on a clock the test moves.</summary>
public sealed class ProgressLineTotalsTests
{
    /// <summary>Time moves only when the test says; the line's own timer never fires.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Never();
        private sealed class Never : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private static void Read(ScanContext context, int blobs, long bytes)
    {
        for (int i = 0; i < blobs; i++) context.CountBlob();
        context.CountRead(bytes);
    }

    [Test]
    public void Text_WithPlannedTotals_ShowsEachAgainstItsTotalThePercentAndTheTimeLeft()
    {
        var context = new ScanContext();
        var clock = new ManualClock();
        using var progress = new ProgressLine(context, TextWriter.Null, clock);
        Assert.That(context.WantsTotals, Is.True, "the line asks the source for totals");
        context.Plan(commits: 400, blobs: 1000, bytes: 400L * 1024 * 1024);
        context.CountCommits(100);
        Read(context, 250, 100L * 1024 * 1024);
        clock.Advance(TimeSpan.FromSeconds(30));

        string text = progress.Text();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("100 of 400 commits, 250 of 1000 blobs, "));
            Assert.That(text, Does.Contain("(25%)"));
            Assert.That(text, Does.Contain("0:30 elapsed, about 1:30 left"), "a quarter done in 30 s leaves 90 s at the same rate");
            Assert.That(text, Does.EndWith("0 finding(s) so far"));
        });
    }

    [Test]
    public void Text_TotalsOvertaken_NeverClaimsTheScanIsDone()
    {
        var context = new ScanContext();
        var clock = new ManualClock();
        using var progress = new ProgressLine(context, TextWriter.Null, clock);
        context.Plan(commits: 10, blobs: 10, bytes: 1000);
        Read(context, 12, 1500);
        clock.Advance(TimeSpan.FromMinutes(75));

        string text = progress.Text();

        Assert.That(text, Does.Contain("(99%)").And.Contain("1:15:00 elapsed").And.Contain("about 0:45 left"));
    }

    [Test]
    public void Text_BeforeTotalsAreKnown_ShowsCountsAndRatesOnly()
    {
        var context = new ScanContext();
        var clock = new ManualClock();
        using var progress = new ProgressLine(context, TextWriter.Null, clock);
        context.CountCommits(3);
        Read(context, 2, 2048);
        clock.Advance(TimeSpan.FromSeconds(2));

        string text = progress.Text();

        Assert.That(text, Does.StartWith("3 commits, 2 blobs (1/s)").And.Not.Contain(" of ").And.Not.Contain("left"));
    }
}
