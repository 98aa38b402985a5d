namespace SecretScan.Cli.Hosting;

public sealed class SystemEnvironment : IEnvironment
{
    public string CurrentDirectory => Directory.GetCurrentDirectory();
    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);
}
