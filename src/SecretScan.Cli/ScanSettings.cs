using SecretScan.Core;
using SecretScan.Rules;

namespace SecretScan.Cli;

/// <summary>
/// One scan, complete and checked: paths are absolute, formats and report targets are valid, the config and the
/// baseline are loaded. Built by <see cref="ScanSettingsBuilder"/> before anything is scanned; commands read
/// nothing else.
/// </summary>
public sealed record ScanSettings
{
    public required string Format { get; init; }
    /// <summary>The main report's file, or null for standard output.</summary>
    public string? Output { get; init; }
    /// <summary>Extra reports from --report FORMAT=PATH, written after the main one from the same scan.</summary>
    public IReadOnlyList<ReportTarget> Reports { get; init; } = [];
    public string? SarifCategory { get; init; }
    public bool Reveal { get; init; }
    /// <summary>--redact N below 100: the percent of each secret shown; null is the default mask.</summary>
    public int? RedactPercent { get; init; }
    /// <summary>ANSI colour for whichever report goes to the terminal.</summary>
    public bool Color { get; init; }
    public bool Quiet { get; init; }
    public bool Verbose { get; init; }
    public int ExitCodeOnFindings { get; init; } = ExitCodes.Findings;
    public int Threads { get; init; }
    public long MaxFileSize { get; init; } = ScanSettingsBuilder.DefaultMaxFileSize;
    /// <summary>Findings below this confidence are held back (and counted).</summary>
    public Confidence MinConfidence { get; init; } = Confidence.Medium;
    /// <summary>Layers of encoding the detector looks through; 0 turns the decoder stage off.</summary>
    public int MaxDecodeDepth { get; init; } = Detector.DefaultMaxDecodeDepth;
    public PathFilter Exclude { get; init; } = new([]);
    public ScanConfig Config { get; init; } = ScanConfig.Empty;
    /// <summary>--rules files, absolute, on top of the config's and the built-in ones.</summary>
    public IReadOnlyList<string> RuleFiles { get; init; } = [];
    /// <summary>
    /// For <c>staged</c>: the text of each rule file the config names, as the index holds it (full path to text), so a
    /// rule file weakened only in the working tree cannot weaken the commit's check; null reads them from disk.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ConfigRuleFileTexts { get; init; }
    public bool InlineAllow { get; init; } = true;
    /// <summary>The baseline whose findings are held back, or null.</summary>
    public Baseline? Baseline { get; init; }
    public bool ReportUnusedBaselineEntries { get; init; }
    /// <summary>--verify and its timeout, checked before the scan; null when verification was not asked for.</summary>
    public SecretScan.Verification.VerifierOptions? Verification { get; init; }
    /// <summary>--only-verified: report only findings the provider says are live.</summary>
    public bool OnlyVerified { get; init; }
    /// <summary>The day baseline expiry dates are judged against (from the host's clock).</summary>
    public DateOnly Today { get; init; }
}
