namespace SecretScan.Core;

/// <summary>What a provider said about a found credential, when the user asked for live verification.</summary>
public enum VerificationStatus
{
    /// <summary>No verifier for the rule, or verification was not possible for this finding (e.g. no key id to pair with).</summary>
    NotChecked,
    Live,
    /// <summary>Revoked, deleted, rotated or never valid.</summary>
    Invalid,
    /// <summary>Valid, but blocked by billing or a rate limit.</summary>
    Quota,
    /// <summary>Valid, but refused for IP, organisation, project or scope reasons.</summary>
    Restricted,
    /// <summary>Timeout, network failure or an answer the rule does not map; the reason says which.</summary>
    Unknown,
}

/// <summary>The outcome of verifying one finding. The reason never contains the secret.</summary>
public sealed record VerificationResult(VerificationStatus Status, string? Reason = null)
{
    public string StatusName => Name(Status);

    public static string Name(VerificationStatus status) => status switch
    {
        VerificationStatus.NotChecked => "not-checked",
        _ => status.ToString().ToLowerInvariant(),
    };

    public override string ToString() => Reason is null ? StatusName : $"{StatusName} ({Reason})";
}
