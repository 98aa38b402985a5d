using SecretScan.Cli.Hosting;
using SecretScan.Rules;

namespace SecretScan.Cli;

/// <summary>An explicit --config must exist; the root's .secretscan.yaml is used when present unless --no-config.</summary>
public static class ConfigLoader
{
    public static ScanConfig Load(string? explicitPath, bool noConfig, string root, CliHost host)
    {
        string? path = explicitPath is null ? null : host.FullPath(explicitPath);
        if (path is not null && !host.Files.FileExists(path)) throw new UsageException($"config file '{explicitPath}' does not exist");
        if (path is null && !noConfig)
        {
            string candidate = Path.Combine(root, ScanConfig.FileName);
            if (host.Files.FileExists(candidate)) path = candidate;
        }
        if (path is null) return ScanConfig.Empty;
        var errors = new List<RuleError>();
        ScanConfig config = ScanConfig.Load(path, errors);
        if (errors.Count > 0) throw new RuleErrorsException(errors);
        return config;
    }
}
