using SecretScan.Cli.Commands;
using SecretScan.Cli.Hosting;
using SecretScan.Cli.Parsing;
using SecretScan.Git;
using SecretScan.Rules;

namespace SecretScan.Cli;

/// <summary>
/// The whole command line as a function of its arguments and a host: read, build the command, run it. Every
/// error policy lives in the one catch below, so each kind of failure has one message shape and one exit code.
/// </summary>
public static class Cli
{
    public static int Run(IReadOnlyList<string> args, CliHost host, CancellationToken cancellationToken = default)
    {
        TextWriter error = host.Console.Error;
        try
        {
            // Before the arguments are read: the rules load on the other core while CommandLineParser binds them. A
            // command line that turns out to be wrong or asks for help exits without waiting for them.
            if (args.Count > 0 && Verbs.Scans(args[0])) RuleLoader.PrefetchDefaults();
            ParsedCommandLine parsed = CommandLineReader.Read(args, ReportOutput.Version);
            if (parsed is ShowText text)
            {
                (text.IsError ? error : host.Console.Out).Write(text.Text);
                return text.IsError ? ExitCodes.Error : ExitCodes.Clean;
            }
            ICommand command = CommandFactory.Create(parsed, host);
            return command.Run(host, cancellationToken);
        }
        catch (Exception e) when (e is UsageException or GitUsageException or GitFailedException)
        {
            error.WriteLine($"secretscan: error: {e.Message}");
            return ExitCodes.Error;
        }
        catch (RuleErrorsException e)
        {
            foreach (RuleError ruleError in e.Errors) error.WriteLine(ruleError);
            error.WriteLine($"secretscan: {e.Errors.Count} error(s) in rules or config; nothing was scanned.");
            return ExitCodes.Error;
        }
        catch (IOException e) when (IsBrokenPipe(e))
        {
            // The reader went away (`secretscan … | head`): not an error worth a message.
            return ExitCodes.Clean;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("secretscan: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (LibGit2Sharp.LibGit2SharpException e)
        {
            // A corrupt repository (a truncated object, a broken HEAD): the check cannot judge it, so it fails closed.
            error.WriteLine($"secretscan: error: the repository cannot be read: {FirstLine(e.Message)}");
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last line of defence: a message and exit 2, never a stack trace (and never the exception's text in full,
            // which can quote input).
            error.WriteLine($"secretscan: internal error ({Describe(e)}); nothing was reported. Please report this with the command line used.");
            return ExitCodes.Error;
        }
    }

    /// <summary>
    /// The exception's type and those of its causes, plus the type whose initializer failed: enough to find the fault
    /// in a report (a Native AOT build has no stack trace worth reading), and free of input text.
    /// </summary>
    internal static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null && parts.Count < 5; x = x.InnerException)
            parts.Add(x is TypeInitializationException t ? $"{x.GetType().Name} in {t.TypeName}" : x.GetType().Name);
        return string.Join(" <- ", parts);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static bool IsBrokenPipe(IOException e) => e.HResult == 32 || e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);
}
