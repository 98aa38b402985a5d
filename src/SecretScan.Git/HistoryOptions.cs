using SecretScan.Core;

namespace SecretScan.Git;

/// <summary>What part of history to scan: all refs by default, or the given branches; minus what <see cref="Since"/> reaches.</summary>
public sealed record HistoryOptions
{
    public IReadOnlyList<string> Branches { get; init; } = [];
    public string? Since { get; init; }
    public int? MaxCommits { get; init; }
    public PathFilter Exclude { get; init; } = new([]);
    public long MaxFileSize { get; init; } = 10L * 1024 * 1024;
}
