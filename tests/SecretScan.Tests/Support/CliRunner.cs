using System.Diagnostics;

namespace SecretScan.Tests.Support;

/// <summary>Runs the real, built <c>secretscan</c> executable (and other programs such as git) and captures everything.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
    }

    /// <summary>The folder holding the built executable (same configuration as the tests), put on PATH for hooks.</summary>
    public static string BinDirectory { get; } = FindBinDirectory();

    public static string Executable => Path.Combine(BinDirectory, OperatingSystem.IsWindows() ? "secretscan.exe" : "secretscan");

    public static string RepoRoot { get; } = FindRepoRoot();

    public static Result Secretscan(string workingDirectory, params string[] args) => Run(Executable, args, workingDirectory);

    public static Result SecretscanWithInput(string workingDirectory, string stdin, params string[] args) => Run(Executable, args, workingDirectory, stdin);

    public static Result Run(string program, IEnumerable<string> args, string workingDirectory, string? stdin = null, IDictionary<string, string?>? environment = null, int timeoutMs = 120_000)
    {
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["PATH"] = BinDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        if (environment is not null) foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A program may stop reading early (a size limit); the pipe then breaks, which is its right, not a test failure.
        try
        {
            if (stdin is not null) process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        catch (IOException) { }
        if (!process.WaitForExit(timeoutMs)) { process.Kill(entireProcessTree: true); Assert.Fail($"{program} {string.Join(' ', args)} did not finish in {timeoutMs / 1000} s"); }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SecretScan.sln"))) return dir.FullName;
        throw new InvalidOperationException("SecretScan.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindBinDirectory()
    {
        // tests/SecretScan.Tests/bin/<Configuration>/net10.0 -> src/SecretScan.Cli/bin/<Configuration>/net10.0
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = testBin.Name, configuration = testBin.Parent!.Name;
        string dir = Path.Combine(FindRepoRoot(), "src", "SecretScan.Cli", "bin", configuration, framework);
        if (!File.Exists(Path.Combine(dir, OperatingSystem.IsWindows() ? "secretscan.exe" : "secretscan")))
            throw new InvalidOperationException($"the secretscan executable was not built at {dir}");
        return dir;
    }
}
