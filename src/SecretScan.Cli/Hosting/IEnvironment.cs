namespace SecretScan.Cli.Hosting;

/// <summary>Environment variables and the working folder: relative paths on the command line are resolved against it.</summary>
public interface IEnvironment
{
    string CurrentDirectory { get; }
    string? GetVariable(string name);

    /// <summary>Every variable, for checks that look for near-miss names (<c>secretscan doctor</c>); a fake host may have none.</summary>
    IReadOnlyDictionary<string, string> Variables() => new Dictionary<string, string>(StringComparer.Ordinal);
}
