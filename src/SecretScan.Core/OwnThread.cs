namespace SecretScan.Core;

/// <summary>
/// Work that blocks for long (on git's pipes, on a lock held by such work) started on a thread of its own. On the
/// thread pool it can take every pool thread, and the pool then starts the task it waits for only when it adds a
/// thread, half a second or more later: a history scan of express lost 0.8 s that way.
/// </summary>
public static class OwnThread
{
    public static Task Start(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static Task<T> Start<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
