using SecretScan.Core;

namespace SecretScan.Tests.Core;

public class ScanPipelineTests
{
    private sealed class ManyFragments(int count) : ISource
    {
        public string Kind => "test";
        public string Target => "test";
        public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken)
        {
            for (int i = 0; i < count; i++) yield return new Fragment("nothing here", $"f{i}.txt", new StdinProvenance());
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public void Run_DetectorFailsWhileSourceHasMoreThanTheChannelHolds_ThrowsThatFailureWithoutHanging()
    {
        var pipeline = new ScanPipeline(Task.FromException<Detector>(new InvalidDataException("rules are broken")), [], threads: 2);
        var e = Assert.Throws<InvalidDataException>(() => pipeline.Run(new ManyFragments(10_000), CancellationToken.None));
        Assert.That(e!.Message, Is.EqualTo("rules are broken"));
    }

    [Test]
    public void Run_DetectorFailsAndSourceIsEmpty_StillThrows()
    {
        var pipeline = new ScanPipeline(Task.FromException<Detector>(new InvalidDataException("rules are broken")), [], threads: 2);
        Assert.Throws<InvalidDataException>(() => pipeline.Run(new ManyFragments(0), CancellationToken.None));
    }

    /// <summary>Records the moment the pipeline first pulls from it.</summary>
    private sealed class StartRecordingSource(int count) : ISource, IDisposable
    {
        public ManualResetEventSlim Started { get; } = new();
        public string Kind => "test";
        public string Target => "test";
        public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken)
        {
            Started.Set();
            for (int i = 0; i < count; i++) yield return new Fragment("nothing here", $"f{i}.txt", new StdinProvenance());
        }
        public void Dispose() => Started.Dispose();
    }

    [Test]
    [CancelAfter(30_000)]
    public void Run_SlowDetector_SourceStartsFirstAndEveryFragmentIsScanned()
    {
        var ready = new TaskCompletionSource<Detector>();
        var pipeline = new ScanPipeline(ready.Task, [], threads: 2);
        using var source = new StartRecordingSource(50);
        var run = Task.Run(() => pipeline.Run(source, CancellationToken.None));
        // The point of the order: reading the index or walking a folder overlaps rule loading.
        Assert.That(source.Started.Wait(TimeSpan.FromSeconds(10)), Is.True, "the source started while the detector was still being built");
        Assert.That(run.IsCompleted, Is.False, "no scan finishes before its detector exists");
        var guide = new RotationGuide { Url = "https://example.com", Steps = ["Revoke."], Update = ["Env"] };
        ready.SetResult(new Detector(new RuleSet([new Rule("nothing", "(?<secret>nothing here)", ["nothing"], guide)])));
        Assert.That(run.Result.Findings, Has.Length.EqualTo(50));
    }
}
