namespace SecretScan.Cli.Hosting;

/// <summary>Environment variables and the working folder: relative paths on the command line are resolved against it.</summary>
public interface IEnvironment
{
    string CurrentDirectory { get; }
    string? GetVariable(string name);
}
