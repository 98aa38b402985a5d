using System.Collections.Immutable;

namespace SecretScan.Core;

/// <summary>Everything a reporter needs: findings in a deterministic order, diagnostics, rules that ran, and stats.</summary>
public sealed record ScanReport
{
    public required string Kind { get; init; }
    /// <summary>What was scanned, as the user named it (a folder, a repository, "stdin").</summary>
    public required string Target { get; init; }
    public required ImmutableArray<Finding> Findings { get; init; }
    public required ImmutableArray<Diagnostic> Diagnostics { get; init; }
    public required ImmutableArray<Rule> Rules { get; init; }
    public required ScanStats Stats { get; init; }
    /// <summary>Facts about the scanned repository (HEAD sha, branch, remote URL), when known.</summary>
    public ImmutableDictionary<string, string> Repository { get; init; } = ImmutableDictionary<string, string>.Empty;
}

public sealed record ScanStats
{
    public long Files { get; init; }
    public long Bytes { get; init; }
    public long Skipped { get; init; }
    public long Commits { get; init; }
    public long Blobs { get; init; }
    public ImmutableDictionary<Stage, int> Suppressed { get; init; } = ImmutableDictionary<Stage, int>.Empty;
    /// <summary>Rules the config switched off: nothing they would find is counted, so the number itself is reported.</summary>
    public int DisabledRules { get; init; }
    public TimeSpan Duration { get; init; }
    /// <summary>Findings held back because their confidence is below <c>--min-confidence</c>.</summary>
    public int BelowConfidence { get; init; }

    public static string StageName(Stage stage) => stage switch
    {
        Stage.Placeholder => "placeholder",
        Stage.RuleAllowlist => "ruleAllowlist",
        Stage.Allowlist => "allowlist",
        Stage.InlineMarker => "inlineMarker",
        Stage.Baseline => "baseline",
        Stage.DisabledRule => "disabledRule",
        Stage.NotInChange => "notInChange",
        _ => stage.ToString(),
    };
}
