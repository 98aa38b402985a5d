using SecretScan.Git;

namespace SecretScan.Remediation;

/// <summary>
/// The few reachability questions libgit2 answers slowly or not at all (every commit a remote reaches, which refs
/// contain a commit): git answers them from its commit graph in one process each.
/// </summary>
internal static class GitCommand
{
    public static string Run(string root, params string[] args) => GitProcess.Run(root, args);

    public static IEnumerable<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
