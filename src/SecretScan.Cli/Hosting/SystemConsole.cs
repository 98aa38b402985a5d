namespace SecretScan.Cli.Hosting;

/// <summary>The real terminal (or pipes) of the process.</summary>
public sealed class SystemConsole : IConsole
{
    public TextWriter Out => Console.Out;
    public TextWriter Error => Console.Error;
    public Stream OpenStandardInput() => Console.OpenStandardInput();
    public Stream OpenStandardOutput() => Console.OpenStandardOutput();
    public bool IsOutputRedirected => Console.IsOutputRedirected;
    public bool IsErrorRedirected => Console.IsErrorRedirected;
}
