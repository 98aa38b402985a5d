using System.Collections.Immutable;

namespace SecretScan.Core;

/// <summary>How bad a leak of this credential is. Ordered so that a larger value is worse.</summary>
public enum Severity { Low = 1, Medium = 2, High = 3, Critical = 4 }

/// <summary>
/// What to do when a credential of a rule leaks: the provider's official page where it is revoked or rolled,
/// the ordered steps, where the consumers of the key must be updated, and what to review afterwards.
/// </summary>
public sealed record RotationGuide
{
    public required string Url { get; init; }
    public required ImmutableArray<string> Steps { get; init; }
    public required ImmutableArray<string> Update { get; init; }
    public ImmutableArray<string> Check { get; init; } = [];
    public string? Docs { get; init; }

    /// <summary>Said with every finding because it is the step people skip: the key stays in history and in every clone.</summary>
    public const string HistoryWarning =
        "Deleting the line does not remove the key from git history or from clones, forks and CI caches: rotate it first, then clean history if needed.";
}

/// <summary>A non-fatal problem met while scanning. The scan goes on; the report carries it.</summary>
public sealed record Diagnostic(string Code, DiagnosticLevel Level, string? Path, string Message)
{
    public override string ToString() => Path is null ? $"{Level.ToString().ToLowerInvariant()} {Code}: {Message}" : $"{Path}: {Level.ToString().ToLowerInvariant()} {Code}: {Message}";
}

/// <summary>
/// How much a diagnostic matters. There is no error level: a problem that stops a scan is a usage, rule, config or
/// git error (one message, exit code 2, no report), and a problem with one file or object is a warning while the scan
/// goes on. A report is therefore always the result of a completed scan.
/// </summary>
public enum DiagnosticLevel { Note, Warning }

/// <summary>Stable diagnostic codes, so that tests, scripts and SARIF notifications can rely on them.</summary>
public static class DiagnosticCodes
{
    public const string Unreadable = "SS1001";
    public const string Binary = "SS1002";
    public const string TooLarge = "SS1003";
    public const string Encoding = "SS1004";
    public const string BrokenLink = "SS1005";
    public const string RegexTimeout = "SS1006";
    public const string DecodeFailed = "SS1007";
    public const string Special = "SS1010";
    public const string InternalError = "SS1008";
    public const string SkippedSummary = "SS1009";
    public const string GitObject = "SS1101";
    public const string Skipped = "SS1102";
    public const string Truncated = "SS1201";
    public const string BaselineExpired = "SS1301";
    public const string BaselineUnused = "SS1302";
    public const string VerifierIgnored = "SS1401";
    public const string NotVerifiedLeftOut = "SS1402";
    public const string VerifyOverride = "SS1403";
    public const string ConfigHoldsBack = "SS1501";
    public const string ConfigDistrusted = "SS1502";
    public const string RulesDisabled = "SS1503";
    public const string ShallowHistory = "SS1202";
}
