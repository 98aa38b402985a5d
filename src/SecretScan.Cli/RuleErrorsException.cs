using SecretScan.Rules;

namespace SecretScan.Cli;

/// <summary>Rule or config files with problems: every one is printed, then exit code 2 before any scanning.</summary>
public sealed class RuleErrorsException(IReadOnlyList<RuleError> errors) : Exception($"{errors.Count} rule error(s)")
{
    public IReadOnlyList<RuleError> Errors { get; } = errors;
}
