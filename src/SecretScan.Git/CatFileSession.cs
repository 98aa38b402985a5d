using System.Diagnostics;
using System.Text;
using SecretScan.Core;

namespace SecretScan.Git;

/// <summary>
/// One <c>git cat-file --batch</c> that outlives the objects it cannot read. A corrupt object makes cat-file print
/// its header and die (<c>fatal: packed object … is corrupt</c>); the session then answers that object as
/// <see cref="BlobAnswerKind.Truncated"/> with git's reason, starts a new cat-file and sends it again every id that
/// was asked for and not yet answered, so one bad object costs one warning and the rest of history is still read.
/// </summary>
/// <remarks>
/// The commit walk asks (<see cref="Request"/>, one thread) while the reader takes answers (<see cref="Next"/>,
/// another thread), so cat-file is always busy. Asking and restarting share one semaphore, not a lock: the ids of a
/// restart are written by a task of their own (which releases it), because writing them from the reader while it
/// does not read could fill both pipes and hang.
/// </remarks>
internal sealed class CatFileSession : IDisposable
{
    /// <summary>Restarts after which the repository is judged unreadable rather than damaged in places.</summary>
    public const int MaxRestarts = 200;

    private readonly Func<Process> _start;
    private readonly long _maxSize;
    private readonly SemaphoreSlim _asking = new(1, 1);
    private readonly Queue<string> _outstanding = new();   // under _asking, or read by the reader under a lock of its own
    private readonly Lock _queue = new();
    private readonly byte[] _idLine = new byte[128];
    private Process _process = null!;
    private Stream _input = null!;
    private CatFileAnswerReader _answers = null!;
    private Task<string> _errors = null!;
    private Task _resend = Task.CompletedTask;
    private bool _completed;
    private int _pending;

    public CatFileSession(string root, long maxSize)
        : this(() => GitProcess.Start(root, ["cat-file", "--batch"]), maxSize)
    {
    }

    internal CatFileSession(Func<Process> start, long maxSize)
    {
        _start = start;
        _maxSize = maxSize;
        Attach(start());
    }

    public int Restarts { get; private set; }

    /// <summary>Asks for one object; ids go out in batches (one write and one wake-up of cat-file per id cost more than reading).</summary>
    public void Request(string id)
    {
        _asking.Wait();
        try
        {
            lock (_queue) _outstanding.Enqueue(id);
            Write(id);
            if (++_pending >= 64) FlushInput();
        }
        finally { _asking.Release(); }
    }

    /// <summary>Hands the batched ids over: called before the walk blocks, or the reader might wait for an id still in our buffer.</summary>
    public void Flush()
    {
        _asking.Wait();
        try { FlushInput(); }
        finally { _asking.Release(); }
    }

    /// <summary>No more ids: cat-file ends after its last answer.</summary>
    public void Complete()
    {
        _asking.Wait();
        try
        {
            _completed = true;
            CloseInput();
        }
        finally { _asking.Release(); }
    }

    /// <summary>The answer to the oldest id asked for. <paramref name="failure"/> is git's reason when it is <see cref="BlobAnswerKind.Truncated"/>.</summary>
    /// <exception cref="GitFailedException">cat-file ended with nothing asked, or failed <see cref="MaxRestarts"/> times.</exception>
    public BlobAnswer Next(out string? failure)
    {
        failure = null;
        BlobAnswer answer = _answers.Next();
        string? id;
        lock (_queue) _outstanding.TryDequeue(out id);
        if (answer.Kind != BlobAnswerKind.Truncated) return answer;
        failure = Reason();
        if (id is null) throw new GitFailedException($"git cat-file stopped early: {failure}");
        if (++Restarts > MaxRestarts)
            throw new GitFailedException($"git cat-file failed on {MaxRestarts} objects; the repository looks unreadable (run 'git fsck'): {failure}");
        Restart();
        return answer;
    }

    private string Reason()
    {
        Process dead = _process;
        if (!dead.WaitForExit(10_000)) GitProcess.Stop(dead);
        string errors = _errors.Wait(5_000) ? _errors.Result : "";
        string[] lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(l => l.StartsWith("fatal:", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "cat-file ended in the middle of the object";
    }

    private void Restart()
    {
        _resend.Wait();
        _asking.Wait();
        string[] again;
        try
        {
            Process old = _process;
            Attach(_start());
            GitProcess.Stop(old);
            lock (_queue) again = [.. _outstanding];
        }
        catch
        {
            _asking.Release();
            throw;
        }
        // Written while the reader reads, and with the semaphore held so no new id overtakes these.
        // A thread of its own: the reader waits for these ids, possibly on the thread pool's last free thread.
        _resend = OwnThread.Start(() =>
        {
            try
            {
                foreach (string id in again) Write(id);
                if (_completed) CloseInput(); else FlushInput();
            }
            finally { _asking.Release(); }
        });
    }

    private void Attach(Process process)
    {
        _process = process;
        _input = new BufferedStream(process.StandardInput.BaseStream, 1 << 13);
        _answers = new CatFileAnswerReader(process.StandardOutput.BaseStream, _maxSize);
        _errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _pending = 0;
    }

    private void Write(string id)
    {
        int n = Encoding.ASCII.GetBytes(id, _idLine);
        _idLine[n] = (byte)'\n';
        // A dead cat-file refuses input (EPIPE); the id stays outstanding and the restart sends it again.
        try { _input.Write(_idLine, 0, n + 1); } catch (IOException) { }
    }

    private void FlushInput()
    {
        _pending = 0;
        try { _input.Flush(); } catch (IOException) { }
    }

    private void CloseInput()
    {
        try { _input.Flush(); } catch (IOException) { }
        try { _process.StandardInput.Close(); } catch (IOException) { }
    }

    public void Dispose()
    {
        try { _resend.Wait(5_000); } catch (AggregateException) { }
        GitProcess.Stop(_process);
    }
}
