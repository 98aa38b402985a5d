using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using SecretScan.Core;
using SecretScan.Verification;

namespace SecretScan.Cli;

/// <summary>
/// <c>--verify</c>, <c>--verify-timeout</c> and <c>--only-verified</c>: the optional stage between the scan and the
/// reports. Nothing here touches the network unless the user asked for verification.
/// </summary>
public static class VerifyStep
{
    public static bool Requested(ScanOptions o) => o.Verify || o.OnlyVerified || o.VerifyTimeout is not null;

    /// <summary>Checked before the scan starts, so a typo does not cost a full history scan.</summary>
    public static VerifierOptions Options(ScanOptions o) => Options(o.VerifyTimeout);

    /// <param name="verifyTimeout">The <c>--verify-timeout</c> text as typed, or null for the default.</param>
    public static VerifierOptions Options(string? verifyTimeout)
    {
        TimeSpan timeout = VerifierOptions.DefaultTimeout;
        if (verifyTimeout is string text)
        {
            string number = text.EndsWith('s') ? text[..^1] : text;
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || seconds is <= 0 or > 300 || double.IsNaN(seconds))
                throw new UsageException($"--verify-timeout: '{text}' is not a number of seconds between 0 and 300, e.g. 5 or 2.5");
            timeout = TimeSpan.FromSeconds(seconds);
        }
        ImmutableDictionary<string, IPEndPoint> overrides;
        try { overrides = LoopbackOverride.FromEnvironment(); }
        catch (FormatException e) { throw new UsageException(e.Message); }
        return new VerifierOptions { Timeout = timeout, HostOverrides = overrides };
    }

    public static ScanReport Apply(ScanReport report, bool onlyVerified, VerifierOptions options, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        if (!options.HostOverrides.IsEmpty)
            diagnostics.Add(new Diagnostic(DiagnosticCodes.VerifyOverride, DiagnosticLevel.Warning, null,
                $"verification goes to the loopback impersonator named by {LoopbackOverride.HostsVariable}, not to the providers (test mode)"));
        ImmutableArray<Finding> findings;
        using (var verifier = new FindingVerifier(options))
            findings = verifier.VerifyAsync(report.Findings, cancellationToken).GetAwaiter().GetResult();
        if (onlyVerified)
        {
            var left = findings.Where(f => f.Verification?.Status != VerificationStatus.Live).ToList();
            if (left.Count > 0)
                diagnostics.Add(new Diagnostic(DiagnosticCodes.NotVerifiedLeftOut, DiagnosticLevel.Warning, null,
                    $"--only-verified left out {left.Count} finding(s) that are not live (" +
                    string.Join(", ", left.GroupBy(f => f.Verification!.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {VerificationResult.Name(g.Key)}")) + ")"));
            findings = [.. findings.Where(f => f.Verification?.Status == VerificationStatus.Live)];
        }
        return report with { Findings = findings, Diagnostics = [.. report.Diagnostics, .. diagnostics] };
    }
}
