using SecretScan.Cli.Hosting;

namespace SecretScan.Cli;

/// <summary>The process edge: the real host, and Ctrl-C turned into cancellation. Everything else is <see cref="Cli.Run"/>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        return Cli.Run(args, CliHost.System, cancel.Token);
    }
}
