using SecretScan.Cli.Hosting;
using SecretScan.Core;
using SecretScan.Git;

namespace SecretScan.Cli.Commands;

/// <summary>
/// Where a directory scan stands in a git work tree. A folder without a .secretscan.yaml of its own is judged by the
/// repository root's, like <c>git</c> and <c>staged</c> scans; then paths are the root's too (<c>src/app.py</c>, not
/// <c>app.py</c>), so the config's globs and the baseline's paths mean the same whichever folder is scanned.
/// </summary>
/// <param name="WorkTree">The work tree's root, or null outside one.</param>
/// <param name="ConfigRoot">Where .secretscan.yaml is looked for.</param>
/// <param name="PathPrefix">Before every reported path: the scanned folder's place under the root, or empty.</param>
public sealed record DirScanScope(string? WorkTree, string ConfigRoot, string PathPrefix)
{
    public static DirScanScope For(DirOptions o, string folder, CliHost host)
    {
        string? tree = WorkTreeIgnores.FindRoot(folder);
        if (tree is null) return new DirScanScope(null, folder, "");
        bool useRootConfig = o.Config is null && !o.NoConfig
            && !SameFolder(tree, folder)
            && !host.Files.FileExists(Path.Combine(folder, ScanConfigFile))
            && host.Files.FileExists(Path.Combine(tree, ScanConfigFile));
        if (!useRootConfig) return new DirScanScope(tree, folder, "");
        string prefix = Path.GetRelativePath(tree, folder).Replace('\\', '/') + "/";
        return new DirScanScope(tree, tree, prefix);
    }

    private const string ScanConfigFile = SecretScan.Rules.ScanConfig.FileName;

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)),
            OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Why .gitignore could not be applied, always; with --verbose (like the other skips) how many paths it left out.
    /// Quiet by default, as in ripgrep: ignored build output is the common case, not news.
    /// </summary>
    public static string? Remark(ScanReport report, string folder, IgnoredPaths? ignored, string? problem, bool verbose)
    {
        var lines = new List<string>();
        if (problem is not null) lines.Add($"secretscan: warning: .gitignore not applied, every file was scanned: {problem}");
        else if (verbose && ignored is { Skipped: > 0 } i)
            lines.Add($"secretscan: note: {i.Skipped} path(s) ignored by git (.gitignore, .git/info/exclude, global excludes) were not scanned; --no-ignore scans them");
        // "No secrets found in 0 files" is true and useless: a scan that read nothing says so, and why it may have.
        if (report.Stats.Files == 0 && report.Stats.Skipped == 0)
            lines.Add(Directory.Exists(Path.Combine(folder, ".git")) || File.Exists(Path.Combine(folder, ".git"))
                ? "secretscan: note: no files were scanned: the folder holds a repository but no checked-out files (a --no-checkout or bare clone?); 'secretscan git' scans its history"
                : "secretscan: note: no files were scanned: the folder is empty, or every file in it is excluded or ignored");
        return lines.Count == 0 ? null : string.Join(Environment.NewLine, lines);
    }
}
