using Microsoft.Extensions.FileSystemGlobbing;

namespace SecretScan.Core;

/// <summary>
/// Glob patterns over repository-relative, '/'-separated paths (Microsoft.Extensions.FileSystemGlobbing syntax:
/// <c>**</c>, <c>*</c>, <c>?</c>). A pattern without a '/' also matches the file name at any depth, as users of
/// .gitignore expect (<c>*.lock</c> means every lock file).
/// </summary>
public sealed class PathFilter
{
    private readonly Matcher _matcher = new(StringComparison.OrdinalIgnoreCase);

    public PathFilter(IEnumerable<string> globs)
    {
        Globs = [.. globs];
        foreach (string glob in Globs)
        {
            string g = glob.Replace('\\', '/').TrimStart('/');
            if (g.EndsWith('/')) g += "**";
            _matcher.AddInclude(g);
            if (!g.Contains('/')) _matcher.AddInclude("**/" + g);
            // "dir" should also mean everything below dir, as it does for .gitignore.
            if (!g.Contains('*') && !g.Contains('?')) _matcher.AddInclude(g + "/**");
        }
    }

    public IReadOnlyList<string> Globs { get; }

    public bool IsEmpty => Globs.Count == 0;

    public bool Matches(string relativePath) => !IsEmpty && _matcher.Match(relativePath).HasMatches;
}
