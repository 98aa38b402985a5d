using System.Text;
using SecretScan.Cli.Hosting;

namespace SecretScan.Tests.Support;

/// <summary>
/// Runs <see cref="SecretScan.Cli.Cli.Run"/> in this process against a fake console and environment: help, errors,
/// exit codes and output routing are tested in milliseconds, and the terminal-or-pipe question is the test's to set.
/// </summary>
public static class InProcessCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
    }

    public static Result Run(string workingDirectory, params string[] args) => Run(new FakeConsole(), workingDirectory, args);

    public static Result Run(FakeConsole console, string workingDirectory, string[] args, CancellationToken cancellationToken = default,
        IDictionary<string, string?>? environment = null)
    {
        var env = new FakeEnvironment(workingDirectory, environment ?? new Dictionary<string, string?> { ["NO_COLOR"] = "1" });
        var host = new CliHost(console, env, new SystemFileSystem(), TimeProvider.System);
        var run = Task.Run(() => SecretScan.Cli.Cli.Run(args, host, cancellationToken), CancellationToken.None);
        if (!run.Wait(TimeSpan.FromSeconds(60))) Assert.Fail($"secretscan {string.Join(' ', args)} did not finish in 60 s");
        return new Result(run.Result, console.Stdout, console.Stderr);
    }
}

/// <summary>Standard streams in memory; <see cref="IsTerminal"/> decides what the program believes it writes to.</summary>
public sealed class FakeConsole(bool isTerminal = false, string stdin = "") : IConsole
{
    private readonly StringWriter _out = new() { NewLine = "\n" };
    private readonly StringWriter _error = new() { NewLine = "\n" };
    private readonly Lock _gate = new();

    public bool IsTerminal { get; } = isTerminal;
    public TextWriter Out => _out;
    public TextWriter Error => _error;
    public string Stdout { get { lock (_gate) return _out.ToString(); } }
    public string Stderr => _error.ToString();
    public bool IsOutputRedirected => !IsTerminal;
    public bool IsErrorRedirected => !IsTerminal;

    public Stream OpenStandardInput() => new MemoryStream(Encoding.UTF8.GetBytes(stdin));

    /// <summary>Bytes written to the stream land in <see cref="Stdout"/> when it is closed, as a reporter does.</summary>
    public Stream OpenStandardOutput() => new Capture(this);

    private sealed class Capture(FakeConsole owner) : MemoryStream
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing) lock (owner._gate) owner._out.Write(Encoding.UTF8.GetString(ToArray()));
            base.Dispose(disposing);
        }
    }
}

public sealed class FakeEnvironment(string currentDirectory, IDictionary<string, string?> variables) : IEnvironment
{
    public string CurrentDirectory { get; } = currentDirectory;
    public string? GetVariable(string name) => variables.TryGetValue(name, out string? v) ? v : null;

    public IReadOnlyDictionary<string, string> Variables() =>
        variables.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
}
