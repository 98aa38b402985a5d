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

    /// <summary>A folder-like source: the workers walk it and read each item themselves.</summary>
    private sealed class ManyFiles(int count, int failAt = -1) : IParallelSource, IDisposable
    {
        public ManualResetEventSlim Started { get; } = new();
        public int Read;
        public string Kind => "test";
        public string Target => "test";
        public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken) =>
            Loaders(context, cancellationToken).Select(load => load()).OfType<Fragment>();
        public IEnumerable<Func<Fragment?>> Loaders(ScanContext context, CancellationToken cancellationToken)
        {
            Started.Set();
            for (int i = 0; i < count; i++)
            {
                if (i == failAt) throw new DirectoryNotFoundException("the folder went away");
                int n = i;
                yield return () =>
                {
                    Interlocked.Increment(ref Read);
                    return new Fragment("nothing here", $"f{n}.txt", new StdinProvenance());
                };
            }
        }
        public void Dispose() => Started.Dispose();
    }

    private static Detector NothingDetector() => new(new RuleSet([new Rule("nothing", "(?<secret>nothing here)", ["nothing"],
        new RotationGuide { Url = "https://example.com", Steps = ["Revoke."], Update = ["Env"] })]));

    [Test]
    [CancelAfter(20_000)]
    public void Run_DetectorFails_FolderWithManyFiles_ThrowsThatFailureWithoutHanging()
    {
        var pipeline = new ScanPipeline(Task.FromException<Detector>(new InvalidDataException("rules are broken")), [], threads: 2);
        using var source = new ManyFiles(10_000);
        var e = Assert.Throws<InvalidDataException>(() => pipeline.Run(source, CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Is.EqualTo("rules are broken"));
            Assert.That(source.Read, Is.LessThanOrEqualTo(2), "each worker read at most the one file it took before the detector failed");
        });
    }

    [Test]
    public void Run_DetectorFails_EmptyFolder_StillThrows()
    {
        var pipeline = new ScanPipeline(Task.FromException<Detector>(new InvalidDataException("rules are broken")), [], threads: 2);
        using var source = new ManyFiles(0);
        Assert.Throws<InvalidDataException>(() => pipeline.Run(source, CancellationToken.None));
    }

    [Test]
    [CancelAfter(20_000)]
    public void Run_WalkFails_ThatFailureIsThrown_AndTheScanStops()
    {
        var pipeline = new ScanPipeline(NothingDetector(), [], threads: 2);
        using var source = new ManyFiles(1_000, failAt: 300);
        var e = Assert.Throws<DirectoryNotFoundException>(() => pipeline.Run(source, CancellationToken.None));
        Assert.That(e!.Message, Is.EqualTo("the folder went away"));
    }

    [Test]
    [CancelAfter(30_000)]
    public void Run_SlowDetector_FolderWalkStartsFirstAndEveryFileIsScannedOnce()
    {
        var ready = new TaskCompletionSource<Detector>();
        var pipeline = new ScanPipeline(ready.Task, [], threads: 2);
        using var source = new ManyFiles(500);
        var run = Task.Run(() => pipeline.Run(source, CancellationToken.None));
        Assert.That(source.Started.Wait(TimeSpan.FromSeconds(10)), Is.True, "the walk started while the detector was still being built");
        Assert.That(run.IsCompleted, Is.False, "no scan finishes before its detector exists");
        ready.SetResult(NothingDetector());
        Assert.Multiple(() =>
        {
            Assert.That(run.Result.Findings.Select(f => f.Location.Path).Distinct().Count(), Is.EqualTo(500));
            Assert.That(source.Read, Is.EqualTo(500));
        });
    }

    [Test]
    [CancelAfter(20_000)]
    public void Run_Cancelled_FolderScanStopsWithCancellation()
    {
        var pipeline = new ScanPipeline(NothingDetector(), [], threads: 2);
        using var source = new ManyFiles(1_000_000);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.That(() => pipeline.Run(source, cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(source.Read, Is.LessThan(1_000_000));
    }
}
