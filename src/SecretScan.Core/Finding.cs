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
    /// <summary>How sure the scanner is that this is a live credential (see <see cref="FindingAssessor"/>).</summary>
    public Confidence Confidence { get; init; } = Confidence.High;
    /// <summary>Why the confidence is lower than the rule's own (documentation, example file, dictionary words); null when it is not.</summary>
    public string? ConfidenceReason { get; init; }
    /// <summary>Why the secret is public to more than the repository's readers (a file served to browsers); null when it is not.</summary>
    public string? Exposure { get; init; }
    /// <summary>Further sightings of the same secret in the same file of the same scan, beyond this one.</summary>
    public int RepeatedInFile { get; init; }
    /// <summary>The provider's answer to live verification; null when the user did not ask for it (no <c>--verify</c>).</summary>
    public VerificationResult? Verification { get; init; }
    /// <summary>
    /// How the secret was decoded before a rule matched it, outermost first (<c>["base64"]</c>,
    /// <c>["base64", "escape"]</c>); empty for a secret found as written. The location is then the encoded span's.
    /// </summary>
    public System.Collections.Immutable.ImmutableArray<string> Decoded { get; init; } = [];
    /// <summary>History findings only, after the exposure step: first seen, still at HEAD, pushed, for how long; null otherwise.</summary>
    public HistoryExposure? HistoryExposure { get; init; }
}
