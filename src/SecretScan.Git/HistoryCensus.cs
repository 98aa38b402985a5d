using System.Globalization;
using SecretScan.Core;

namespace SecretScan.Git;

/// <summary>
/// Counts what a history scan will read (commits, and blobs with their sizes) beside the scan, so the progress line
/// can show a total, a percentage and the time left. Runs only when a progress display asks
/// (<see cref="ScanContext.WantsTotals"/>): <c>git rev-list --objects --filter=object:type=blob</c> into
/// <c>git cat-file --batch-check</c>, about a second of one core on a repository of redis's size. The figures are
/// an estimate (excluded paths and symlinks are counted); a failure only leaves the progress line without totals.
/// </summary>
internal sealed class HistoryCensus : IDisposable
{
    private readonly System.Diagnostics.Process? _list, _sizes;
    private readonly CancellationTokenSource _stop = new();

    private HistoryCensus(RepositoryLocation location, IReadOnlyList<string> revisions, HistoryOptions options, ScanContext context)
    {
        var args = new List<string> { "rev-list", "--objects", "--no-object-names", "--filter=object:type=blob", "--stdin" };
        if (options.Branches.Count == 0) args.Add("--all");
        if (options.MaxCommits is int n) args.Add("--max-count=" + n.ToString(CultureInfo.InvariantCulture));
        List<string> countArgs = ["rev-list", "--count", .. revisions, .. args.Skip(5)];
        try
        {
            _list = GitProcess.Start(location.Root, args);
            _sizes = GitProcess.Start(location.Root, ["cat-file", "--batch-check=%(objecttype) %(objectsize)"]);
        }
        catch (GitFailedException) { return; }
        System.Diagnostics.Process list = _list, sizes = _sizes;
        foreach (string r in revisions) list.StandardInput.WriteLine(r);
        list.StandardInput.Close();
        _ = list.StandardError.ReadToEndAsync(CancellationToken.None);
        _ = sizes.StandardError.ReadToEndAsync(CancellationToken.None);
        Task.Run(async () =>
        {
            try
            {
                await list.StandardOutput.BaseStream.CopyToAsync(sizes.StandardInput.BaseStream, _stop.Token).ConfigureAwait(false);
                sizes.StandardInput.Close();
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException) { }
        });
        // Blocking reads for the whole walk: a thread of its own rather than one of the pool's few.
        OwnThread.Start(() =>
        {
            try
            {
                long blobs = 0, bytes = 0;
                while (sizes.StandardOutput.ReadLine() is { } line)
                {
                    if (line.StartsWith("blob ", StringComparison.Ordinal) && long.TryParse(line.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out long size))
                    {
                        blobs++;
                        bytes += size;
                    }
                }
                if (_stop.IsCancellationRequested || !list.WaitForExit(1000) || list.ExitCode != 0) return;
                // With a blob filter rev-list leaves most commits out of its list: they are counted on their own.
                string count = GitProcess.Run(location.Root, [.. countArgs]);
                if (long.TryParse(count.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long commits)) context.Plan(commits, blobs, bytes);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or GitFailedException) { }
        });
    }

    /// <summary>Starts counting when a progress display wants totals; null otherwise.</summary>
    public static HistoryCensus? StartIfWanted(RepositoryLocation location, IReadOnlyList<string> revisions, HistoryOptions options, ScanContext context) =>
        context.WantsTotals ? new HistoryCensus(location, revisions, options, context) : null;

    public void Dispose()
    {
        _stop.Cancel();
        GitProcess.Stop(_list);
        GitProcess.Stop(_sizes);
        _stop.Dispose();
    }
}
