using System.Collections.Immutable;
using SecretScan.Core;

namespace SecretScan.Remediation;

/// <summary>
/// One secret found in history, as the purge plan needs it: which rule and provider (for rotation), where it was first
/// seen, and the text as written in history (what the replace-text file lists). Built from a finding of a scan run
/// here, or from a finding of a saved JSON report.
/// </summary>
public sealed record LeakedSecret
{
    public required string RuleId { get; init; }
    public required string RuleName { get; init; }
    public required string Provider { get; init; }
    public required string Severity { get; init; }
    public required string RotationUrl { get; init; }
    public string? RotationDocs { get; init; }
    public required string Path { get; init; }
    public required int StartLine { get; init; }
    public required int StartColumn { get; init; }
    public required int EndLine { get; init; }
    public required int EndColumn { get; init; }
    public required string Commit { get; init; }
    public bool InMessage { get; init; }
    public required string Fingerprint { get; init; }
    public ImmutableArray<string> Decoded { get; init; } = [];
    /// <summary>The secret in clear when this run knows it (a scan run here, or a report written with --reveal).</summary>
    public Secret? Known { get; init; }
    /// <summary>The secret's text as written in history, recovered from the repository; null when it could not be.</summary>
    public Secret? Written { get; init; }
    public HistoryExposure? Exposure { get; init; }

    /// <summary>What people may see: the masked form, never the secret.</summary>
    public string Masked => (Written ?? Known)?.Masked() ?? "(masked)";

    /// <summary>Findings in files or commit messages of commits; tags, notes and staged content are not history to rewrite.</summary>
    public static LeakedSecret? From(Finding f)
    {
        if (f.Provenance is not CommitProvenance p || !IsCommitContent(f.Location.Path, p)) return null;
        return new LeakedSecret
        {
            RuleId = f.Rule.Id,
            RuleName = f.Rule.Name,
            Provider = f.Rule.Provider,
            Severity = f.Rule.Severity.ToString().ToLowerInvariant(),
            RotationUrl = f.Rule.Rotation.Url,
            RotationDocs = f.Rule.Rotation.Docs,
            Path = f.Location.Path,
            StartLine = f.Location.StartLine,
            StartColumn = f.Location.StartColumn,
            EndLine = f.Location.EndLine,
            EndColumn = f.Location.EndColumn,
            Commit = p.Commit,
            InMessage = p.InMessage,
            Fingerprint = f.Fingerprint,
            Decoded = f.Decoded,
            Known = f.Secret,
            Exposure = f.HistoryExposure,
        };
    }

    /// <summary>Tag messages and notes carry an object id that is not a commit (or is not where the text lives).</summary>
    internal static bool IsCommitContent(string path, CommitProvenance p) =>
        !path.StartsWith("(tag ", StringComparison.Ordinal) && !path.StartsWith("(note on ", StringComparison.Ordinal) && p.Commit.Length >= 40;
}
