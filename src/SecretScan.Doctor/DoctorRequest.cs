using SecretScan.Core;
using SecretScan.Verification;

namespace SecretScan.Doctor;

/// <summary>What the doctor is asked to look at, with everything from outside the process passed in (environment, rules, network settings).</summary>
public sealed record DoctorRequest
{
    public required string Root { get; init; }
    /// <summary>Names given with <c>--env</c>: checked whether or not the code is seen to read them.</summary>
    public IReadOnlyList<string> ExtraNames { get; init; } = [];
    /// <summary>This process's environment (the variables a program started from here inherits).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    public required IReadOnlyList<Rule> Rules { get; init; }
    public bool Online { get; init; }
    public VerifierOptions Verifier { get; init; } = new();
}
