using SecretScan.Cli.Hosting;
using SecretScan.Cli.Parsing;
using SecretScan.Doctor;
using SecretScan.Rules;
using SecretScan.Verification;

namespace SecretScan.Cli.Commands;

/// <summary><c>doctor [PATH] [--env NAME]... [--online] [-f text|json]</c>: settings checked here, the diagnosis is SecretScan.Doctor's.</summary>
public sealed class DoctorCommand(string root, IReadOnlyList<string> names, IReadOnlyList<string> ruleFiles, bool online, VerifierOptions verifier, bool json) : ICommand
{
    public static DoctorCommand Create(DoctorOptions o, CliHost host)
    {
        string root = host.FullPath(o.Path ?? ".");
        if (!host.Files.DirectoryExists(root)) throw new UsageException($"'{o.Path}' is not a folder");
        if (o.Format is not (null or "text" or "json")) throw new UsageException($"unknown doctor format '{ArgsGuard.Mask(o.Format)}' (expected text or json)");
        foreach (string name in o.Env)
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
                throw new UsageException($"--env: '{ArgsGuard.Mask(name)}' is not an environment variable name");
        if (o.VerifyTimeout is not null && !o.Online) throw new UsageException("--verify-timeout belongs to --online");
        List<string> ruleFiles = [.. o.Rules.Select(host.FullPath)];
        foreach (var (given, full) in o.Rules.Zip(ruleFiles))
            if (!host.Files.FileExists(full)) throw new UsageException($"rule file '{given}' does not exist");
        return new DoctorCommand(root, [.. o.Env], ruleFiles, o.Online, VerifyStep.Options(o.VerifyTimeout), o.Format == "json");
    }


    public int Run(CliHost host, CancellationToken cancellationToken)
    {
        // The built-in rules and the user's --rules: a repository's config must not bring verifiers that --online would call.
        var (rules, errors) = RuleCatalog.Compose(ruleFiles, ScanConfig.Empty);
        if (errors.Count > 0) throw new RuleErrorsException(errors);
        if (online && !verifier.HostOverrides.IsEmpty)
            host.Console.Error.WriteLine($"secretscan: warning: verification goes to the loopback impersonator named by {LoopbackOverride.HostsVariable}, not to the providers (test mode)");
        DoctorReport report = new SecretScan.Doctor.Doctor(new DoctorRequest
        {
            Root = root,
            ExtraNames = names,
            Environment = host.Environment.Variables(),
            Rules = [.. rules.Select(r => r.Rule)],
            Online = online,
            Verifier = verifier,
        }).Run(cancellationToken);
        if (json)
        {
            host.Console.Out.Flush();
            using Stream stdout = host.Console.OpenStandardOutput();
            DoctorJson.Write(report, stdout);
        }
        else DoctorText.Write(report, host.Console.Out, Unicode(host.Console.Out));
        return report.HasProblem ? ExitCodes.Findings : ExitCodes.Clean;
    }

    /// <summary>✓ and ✗ only where the output encoding can carry them (a Windows console on a legacy code page cannot).</summary>
    private static bool Unicode(TextWriter output) => output.Encoding.CodePage is 65001 or 1200 or 1201 or 12000 or 12001;
}
