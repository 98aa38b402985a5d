namespace SecretScan.Doctor;

/// <summary>Passed, failed (something to fix), or could not tell / worth a look.</summary>
public enum CheckStatus { Pass, Fail, Warn }

/// <summary>
/// One line of the checklist: which variable, which check, what was found and what to do. Messages never hold a
/// value in clear: they quote names, file positions and masked values only.
/// </summary>
public sealed record DoctorCheck(string Variable, string Check, CheckStatus Status, string Message, string? Advice = null);

/// <summary>A variable the project expects, and where its code or config reads it.</summary>
public sealed record ExpectedVariable(string Name, IReadOnlyList<string> ReadBy, bool FromCommandLine);

/// <summary>All a renderer needs: the project, the variables it expects, and every check, leaks first per variable.</summary>
public sealed record DoctorReport(string Root, IReadOnlyList<ExpectedVariable> Variables, IReadOnlyList<DoctorCheck> Checks, bool Online)
{
    public int Count(CheckStatus status) => Checks.Count(c => c.Status == status);

    public bool HasProblem => Checks.Any(c => c.Status == CheckStatus.Fail);
}
