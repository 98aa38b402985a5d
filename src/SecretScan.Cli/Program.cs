using SecretScan.Cli.Hosting;

namespace SecretScan.Cli;

/// <summary>
/// The process edge: the real host, and Ctrl-C or SIGTERM turned into cancellation. Everything else is
/// <see cref="Cli.Run"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; Interrupt(cancel); };
        // A CI runner or `timeout` ends a job with SIGTERM: the same clean stop as Ctrl-C.
        using var term = OperatingSystem.IsWindows() ? null
            : System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; Interrupt(cancel); });
        return Cli.Run(args, CliHost.System, cancel.Token);
    }

    /// <summary>
    /// Cancels the scan; work that does not look at the token (one regex call, a blocking read) could delay the stop,
    /// so after a grace period the process ends anyway, with the same exit code and no report written.
    /// </summary>
    private static void Interrupt(CancellationTokenSource cancel)
    {
        try
        {
            if (cancel.IsCancellationRequested) return;
            cancel.Cancel();
        }
        catch (ObjectDisposedException) { return; }   // the run is already over
        _ = Task.Delay(TimeSpan.FromSeconds(3)).ContinueWith(_ =>
        {
            Console.Error.WriteLine("secretscan: cancelled");
            Environment.Exit(ExitCodes.Cancelled);
        }, TaskScheduler.Default);
    }
}
