namespace SecretScan.Cli.Hosting;

/// <summary>
/// The process's standard streams, so that help, errors and output routing can be tested in-process.
/// Only the Cli project touches <see cref="System.Console"/>, and only through <see cref="SystemConsole"/>.
/// </summary>
public interface IConsole
{
    TextWriter Out { get; }
    TextWriter Error { get; }
    Stream OpenStandardInput();
    Stream OpenStandardOutput();
    bool IsOutputRedirected { get; }
    bool IsErrorRedirected { get; }
}
