using SecretScan.Cli.Hosting;
using SecretScan.Rules;

namespace SecretScan.Cli;

/// <summary>Reads a file of the scanned repository by its path relative to the root; null when it is not there.</summary>
public delegate string? RepositoryFileReader(string relativePath);

/// <summary>
/// An explicit --config must exist and is trusted (the user chose it). The root's .secretscan.yaml is used when present
/// unless --no-config; it comes with the code it judges, so the user policy may forbid it to weaken the scan.
/// </summary>
public static class ConfigLoader
{
    /// <param name="repositoryFiles">
    /// Where the root's config is read from when not the working tree: <c>staged</c> judges the commit with the config
    /// the commit carries (the index), so an untracked or unstaged config cannot silence it.
    /// </param>
    public static ScanConfig Load(string? explicitPath, bool noConfig, string root, CliHost host, RepositoryFileReader? repositoryFiles = null)
    {
        var errors = new List<RuleError>();
        UserPolicy policy = UserPolicy.Load(UserPolicy.DefaultPath(), errors);
        if (errors.Count > 0) throw new RuleErrorsException(errors);
        if (explicitPath is not null)
        {
            string path = host.FullPath(explicitPath);
            if (!host.Files.FileExists(path)) throw new UsageException($"config file '{explicitPath}' does not exist");
            return Checked(ScanConfig.Load(path, errors), errors);
        }
        if (noConfig) return ScanConfig.Empty;
        string candidate = Path.Combine(root, ScanConfig.FileName);
        ScanConfig config;
        if (repositoryFiles is not null)
        {
            if (repositoryFiles(ScanConfig.FileName) is not { } text) return ScanConfig.Empty;
            config = Checked(ScanConfig.Parse(candidate, text, errors), errors);
        }
        else
        {
            if (!host.Files.FileExists(candidate)) return ScanConfig.Empty;
            config = Checked(ScanConfig.Load(candidate, errors), errors);
        }
        if (policy.TrustRepositoryConfig) return config;
        ScanConfig kept = config.WithoutWeakening(out List<string> dropped);
        if (dropped.Count == 0) return kept;
        return kept with
        {
            Warnings = [.. kept.Warnings, new ConfigWarning(policy.Source ?? "user config", 1, 1, "trust_repository_config",
                $"the user policy does not trust repository configs: {candidate} may add rules but its {string.Join(", ", dropped)} setting(s) were ignored")],
        };
    }

    private static ScanConfig Checked(ScanConfig config, List<RuleError> errors) =>
        errors.Count > 0 ? throw new RuleErrorsException(errors) : config;
}
