using SecretScan.Core;
using SecretScan.Verification;

namespace SecretScan.Doctor;

/// <summary>
/// <c>--online</c>: the rule's one read-only verification request, and its answer turned into the causes a support
/// engineer would name. Reuses SecretScan.Verification as it is, so the doctor sends exactly what <c>--verify</c> would.
/// </summary>
public static class OnlineCheck
{
    public static DoctorCheck Run(string variable, Rule rule, string value, VerifierOptions options, IReadOnlyList<string> relatedSettings, CancellationToken cancellationToken)
    {
        if (rule.Verify is null)
            return new(variable, "online", CheckStatus.Warn, $"{rule.Name} has no read-only verification request, so the provider was not asked",
                $"test the key with a read-only call from the provider's documentation ({rule.Rotation.Docs ?? rule.Rotation.Url})");
        var secret = new Secret(value);
        var finding = new Finding
        {
            Rule = rule,
            Location = new Location(variable, 1, 1, 1, value.Length, 0, value.Length),
            Provenance = new StdinProvenance(),
            Secret = secret,
            Fingerprint = Fingerprint.Of(rule.Id, secret),
        };
        VerificationResult result;
        using (var verifier = new FindingVerifier(options))
            result = verifier.VerifyAsync([finding], cancellationToken).GetAwaiter().GetResult()[0].Verification!;
        string host = new Uri(rule.Verify.Url).Host;
        string settings = relatedSettings.Count > 0 ? $"; check {string.Join(" and ", relatedSettings)} too" : "";
        return result.Status switch
        {
            VerificationStatus.Live => new(variable, "online", CheckStatus.Pass, $"{host} accepts the key ({result.Reason})"),
            VerificationStatus.Invalid => new(variable, "online", CheckStatus.Fail, $"{host} refuses the key ({result.Reason}): revoked, rotated by someone else, or mistyped",
                $"create a new key at {rule.Rotation.Url} and replace every copy of the old one"),
            VerificationStatus.Quota => new(variable, "online", CheckStatus.Fail, $"the key is valid but blocked by billing, quota or a rate limit ({result.Reason})",
                "check the account's billing, credit and usage limits; waiting helps only with a rate limit"),
            VerificationStatus.Restricted => new(variable, "online", CheckStatus.Fail, $"the key is valid but refused here ({result.Reason}): an IP allowlist, organization, project or scope restriction",
                $"check the key's permissions and allowed IPs in the provider's console{settings}"),
            VerificationStatus.Unknown when IsNetwork(result.Reason) => new(variable, "online", CheckStatus.Warn, $"{host} could not be reached ({result.Reason})",
                "check the network, a firewall, and HTTPS_PROXY / NO_PROXY if a proxy is needed here; then run the doctor again"),
            VerificationStatus.Unknown => new(variable, "online", CheckStatus.Warn, $"{host} gave no clear answer ({result.Reason})",
                "try again later; a wrong base URL or a proxy that rewrites answers can cause this"),
            _ => new(variable, "online", CheckStatus.Warn, $"not checked ({result.Reason})"),
        };
    }

    private static bool IsNetwork(string? reason) =>
        reason is not null && (reason.StartsWith("network error", StringComparison.Ordinal) || reason.StartsWith("no answer within", StringComparison.Ordinal));
}
