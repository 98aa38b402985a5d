using CommandLine;
using SecretScan.Git;
using SecretScan.Rules;

namespace SecretScan.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            return Run(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"secretscan: error: {e.Message}");
            return ExitCodes.Error;
        }
        catch (GitUsageException e)
        {
            Console.Error.WriteLine($"secretscan: error: {e.Message}");
            return ExitCodes.Error;
        }
        catch (GitFailedException e)
        {
            Console.Error.WriteLine($"secretscan: error: {e.Message}");
            return ExitCodes.Error;
        }
        catch (RuleErrorsException e)
        {
            foreach (RuleError error in e.Errors) Console.Error.WriteLine(error);
            Console.Error.WriteLine($"secretscan: {e.Errors.Count} error(s) in rules or config; nothing was scanned.");
            return ExitCodes.Error;
        }
        catch (IOException e) when (IsBrokenPipe(e))
        {
            // The reader went away (`secretscan … | head`): not an error worth a message.
            return ExitCodes.Clean;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("secretscan: cancelled");
            return 130;
        }
        catch (LibGit2Sharp.LibGit2SharpException e)
        {
            // A corrupt repository (a truncated object, a broken HEAD): the check cannot judge it, so it fails closed.
            Console.Error.WriteLine($"secretscan: error: the repository cannot be read: {FirstLine(e.Message)}");
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last line of defence: a message and exit 2, never a stack trace (and never the exception's text in full,
            // which can quote input).
            Console.Error.WriteLine($"secretscan: internal error ({e.GetType().Name}); nothing was reported. Please report this with the command line used.");
            return ExitCodes.Error;
        }
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
            Environment.Exit(130);
        }, TaskScheduler.Default);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static bool IsBrokenPipe(IOException e) => e.HResult == 32 || e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);

    public static int Run(string[] args)
    {
        // 'baseline create [-o F] <scan command…>': the scan command is parsed as its own command line.
        if (args.Length >= 2 && args[0] == "baseline")
        {
            int at = 2;
            string? output = null;
            if (args.Length > at + 1 && args[at] is "-o" or "--output") { output = args[at + 1]; at += 2; }
            else if (args.Length > at && args[at].StartsWith("--output=", StringComparison.Ordinal)) { output = args[at]["--output=".Length..]; at++; }
            return BaselineCommand.Run(new BaselineOptions { Action = args[1], Output = output, Scan = args[at..] });
        }

        ArgsGuard.Result guarded = ArgsGuard.Check(args);
        if (guarded.Error is not null) throw new UsageException(guarded.Error + " (see 'secretscan help')");

        var help = new StringWriter();
        using var parser = new Parser(s =>
        {
            s.HelpWriter = help;             // formatted by the library, routed by us: stdout for --help, stderr for mistakes
            s.AutoHelp = true;
            s.AutoVersion = true;
            s.CaseInsensitiveEnumValues = true;
            s.AllowMultiInstance = true;
            s.EnableDashDash = true;
        });
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; Interrupt(cancel); };
        // A CI runner or `timeout` ends a job with SIGTERM: same clean stop as Ctrl-C.
        using var term = OperatingSystem.IsWindows() ? null
            : System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; Interrupt(cancel); });

        int rc = parser.ParseArguments<DirOptions, StdinOptions, GitOptions, StagedOptions, RulesOptions, BaselineOptions>(guarded.Args).MapResult(
            (DirOptions o) => DirCommand.Run(Merge(o, guarded), cancel.Token),
            (StdinOptions o) => StdinCommand.Run(Merge(o, guarded), cancel.Token),
            (GitOptions o) => GitCommand.Run(Merge(o, guarded), cancel.Token),
            (StagedOptions o) => StagedCommand.Run(Merge(o, guarded), cancel.Token),
            (RulesOptions o) => RulesCommand.Run(Merge(o, guarded)),
            (BaselineOptions o) => BaselineCommand.Run(o),
            errors => errors.IsHelp() || errors.IsVersion() ? ExitCodes.Clean : ExitCodes.Error);
        if (help.GetStringBuilder().Length > 0) (rc == ExitCodes.Clean ? Console.Out : Console.Error).Write(help.ToString());
        return rc;
    }

    private static T Merge<T>(T options, ArgsGuard.Result guarded)
    {
        List<string> Get(string key) => guarded.Repeated.GetValueOrDefault(key) ?? [];
        switch (options)
        {
            case ScanOptions s:
                s.Rules = Get("--rules");
                s.Exclude = Get("--exclude");
                s.Reports = Get("--report");
                if (s is GitOptions g) g.Branch = Get("--branch");
                break;
            case RulesOptions r:
                r.Rules = Get("--rules");
                break;
        }
        return options;
    }
}

public static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int Error = 2;
}

/// <summary>A mistake in how secretscan was called: one line on stderr, exit code 2, never a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Rule or config files with problems: every one is printed, then exit code 2 before any scanning.</summary>
public sealed class RuleErrorsException(IReadOnlyList<RuleError> errors) : Exception($"{errors.Count} rule error(s)")
{
    public IReadOnlyList<RuleError> Errors { get; } = errors;
}
