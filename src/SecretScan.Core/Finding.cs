namespace SecretScan.Core;

/// <summary>One credential at one place. Masked everywhere unless a reporter is told to reveal.</summary>
public sealed record Finding
{
    public required Rule Rule { get; init; }
    public required Location Location { get; init; }
    public required Provenance Provenance { get; init; }
    public required Secret Secret { get; init; }
    public required string Fingerprint { get; init; }
    public double Entropy { get; init; }
    /// <summary>Further sightings of the same secret at the same path (history scans), beyond this one.</summary>
    public int MoreOccurrences { get; init; }
    /// <summary>
    /// GitHub's <c>primaryLocationLineHash</c> of the start line, from the content that was scanned (see
    /// <see cref="Core.LineHash"/>); null when unknown.
    /// </summary>
    public string? LineHash { get; init; }
    /// <summary>The provider's answer to live verification; null when the user did not ask for it (no <c>--verify</c>).</summary>
    public VerificationResult? Verification { get; init; }
}
