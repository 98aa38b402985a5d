using YamlDotNet.RepresentationModel;

namespace SecretScan.Rules;

/// <summary>
/// The user's (or an organisation's) own settings, outside any repository: <c>$XDG_CONFIG_HOME/secretscan/config.yaml</c>
/// (default <c>~/.config/secretscan/config.yaml</c>), <c>%APPDATA%\secretscan\config.yaml</c> on Windows.
/// A repository's <c>.secretscan.yaml</c> travels with the code it judges, so whoever can commit can also try to
/// switch the check off; this file is where someone who does not trust that says so.
/// </summary>
public sealed record UserPolicy
{
    public const string FileName = "config.yaml";
    private static readonly string[] Keys = ["trust_repository_config"];

    /// <summary>
    /// When false, a repository's config may add rules but not weaken the scan: its disable, override, allowlist,
    /// exclude, max_file_size and baseline settings are ignored (and the scan says so).
    /// </summary>
    public bool TrustRepositoryConfig { get; init; } = true;

    public string? Source { get; init; }

    public static readonly UserPolicy Default = new();

    /// <summary>Where the policy file is looked for on this machine; null when no home folder is known.</summary>
    public static string? DefaultPath()
    {
        if (Environment.GetEnvironmentVariable("SECRETSCAN_USER_CONFIG") is { Length: > 0 } explicitPath) return explicitPath;
        string? folder;
        if (OperatingSystem.IsWindows())
            folder = Environment.GetEnvironmentVariable("APPDATA") is { Length: > 0 } appData ? appData : null;
        else if (Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            folder = xdg;
        else
            folder = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config") : null;
        return folder is null ? null : Path.Combine(folder, "secretscan", FileName);
    }

    public static UserPolicy Load(string? path, List<RuleError> errors)
    {
        if (path is null || !File.Exists(path)) return Default;
        string? text = InputLimits.ReadText(path, InputLimits.MaxConfigBytes, errors, "user config");
        return text is null ? Default : Parse(path, text, errors);
    }

    public static UserPolicy Parse(string source, string text, List<RuleError> errors)
    {
        var reader = new YamlReader(source, errors);
        YamlNode? root = reader.Parse(text);
        if (root is null) return Default with { Source = source };
        var map = reader.Mapping(root, "the user config", Keys);
        if (map is null) return Default with { Source = source };
        return new UserPolicy { Source = source, TrustRepositoryConfig = reader.Bool(map, "trust_repository_config") ?? true };
    }
}
