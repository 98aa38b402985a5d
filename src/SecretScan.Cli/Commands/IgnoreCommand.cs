using System.Globalization;
using SecretScan.Cli.Hosting;
using SecretScan.Cli.Parsing;
using SecretScan.Core;

namespace SecretScan.Cli.Commands;

/// <summary>
/// <c>ignore FINGERPRINT --reason …</c>: finds the finding with a scan (without the baseline, so one already there is
/// found too and gets the new reason), then writes it into the baseline with reason, owner and expiry.
/// </summary>
public sealed class IgnoreCommand(ScanJob scan, IgnoreOptions options, string path, string? owner, DateOnly? expires) : ICommand
{
    public int Run(CliHost host, CancellationToken cancellationToken)
    {
        Baseline? previous = null;
        if (host.Files.FileExists(path))
        {
            try { previous = Baseline.Load(path); }
            catch (BaselineException e) { throw new UsageException(e.Message + " (fix it first: ignore adds to it)"); }
        }
        ScanReport report = ScanRunner.Run(scan, host, cancellationToken);
        IReadOnlyList<Finding> matches;
        try { matches = BaselineIgnore.Select(report.Findings, options.Fingerprint!); }
        catch (BaselineException e) { throw new UsageException(e.Message); }
        if (matches.Count == 0)
            throw new UsageException($"no finding with fingerprint '{Shown(options.Fingerprint!)}' in this scan ({report.Findings.Length} finding(s)); "
                + "name the scan that reported it after the fingerprint, e.g. 'secretscan ignore FINGERPRINT --reason \"…\" git .'");
        Baseline updated = BaselineIgnore.Add(previous, matches, options.Reason!.Trim(), owner, expires);
        using (Stream file = host.Files.CreateReport(path)) updated.Save(file);
        foreach (Finding f in matches)
            host.Console.Error.WriteLine($"secretscan: ignored {f.Location.Path}: rule '{f.Rule.Id}' (fingerprint {f.Fingerprint}) in {path}"
                + (expires is { } d ? $" until {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "") + (owner is null ? "" : $", owner {owner}"));
        return ExitCodes.Clean;
    }

    /// <summary>A fingerprint is a hash and is shown; anything else might be a secret pasted by mistake and is masked.</summary>
    private static string Shown(string given) => given.All(char.IsAsciiHexDigit) ? given : ArgsGuard.Mask(given);
}
