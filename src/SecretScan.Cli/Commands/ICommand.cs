using SecretScan.Cli.Hosting;

namespace SecretScan.Cli.Commands;

/// <summary>A command with its settings already checked: running it is the only thing left, and it returns the exit code.</summary>
public interface ICommand
{
    int Run(CliHost host, CancellationToken cancellationToken);
}
