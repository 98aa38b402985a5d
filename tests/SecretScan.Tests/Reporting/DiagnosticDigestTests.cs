using SecretScan.Core;
using SecretScan.Reporting;

namespace SecretScan.Tests.Reporting;

public sealed class DiagnosticDigestTests
{
    [Test]
    public void Collapse_OnePathManyVersions_IsOneDiagnosticWithTheCount()
    {
        Diagnostic[] input =
        [
            new(DiagnosticCodes.Binary, DiagnosticLevel.Note, "logo.png", "binary file skipped (blob 111)"),
            new(DiagnosticCodes.GitObject, DiagnosticLevel.Warning, "dump.sql", "blob aaa could not be read"),
            new(DiagnosticCodes.Binary, DiagnosticLevel.Note, "logo.png", "binary file skipped (blob 222)"),
            new(DiagnosticCodes.Binary, DiagnosticLevel.Note, "logo.png", "binary file skipped (blob 333)"),
            new(DiagnosticCodes.Binary, DiagnosticLevel.Note, "other.png", "binary file skipped (blob 444)"),
            new(DiagnosticCodes.Skipped, DiagnosticLevel.Note, null, "no commits"),
            new(DiagnosticCodes.Skipped, DiagnosticLevel.Note, null, "no commits"),
        ];
        var result = DiagnosticDigest.Collapse(input);
        Assert.That(result.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "logo.png: note SS1002: binary file skipped (blob 111) (and 2 more version(s) of this path)",
            "dump.sql: warning SS1101: blob aaa could not be read",
            "other.png: note SS1002: binary file skipped (blob 444)",
            "note SS1102: no commits",
        }));
    }
}
