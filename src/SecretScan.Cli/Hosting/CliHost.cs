namespace SecretScan.Cli.Hosting;

/// <summary>Everything outside the process a command may use. Tests build one from fakes; <see cref="System"/> is the real one.</summary>
public sealed record CliHost(IConsole Console, IEnvironment Environment, IFileSystem Files, TimeProvider Clock)
{
    public static CliHost System { get; } = new(new SystemConsole(), new SystemEnvironment(), new SystemFileSystem(), TimeProvider.System);

    /// <summary>A path from the command line, made absolute against the working folder of this host.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, Environment.CurrentDirectory);
}
