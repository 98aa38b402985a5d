using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// Masks every secret of a report wherever it occurs in free text we copy into a report (commit summaries, paths):
/// a commit message may hold a secret found in another file of the same commit, not only its own finding's.
/// </summary>
public sealed class Redactor
{
    private readonly List<Secret> _secrets;

    public Redactor(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        // Longest first, so a secret that contains another is masked whole.
        _secrets = [.. findings.Select(f => f.Secret).Where(s => s.Length > 0).Distinct().OrderByDescending(s => s.Length)];
    }

    public static Redactor For(ScanReport report) => new(report.Findings);

    public string Scrub(string text)
    {
        foreach (Secret s in _secrets)
            if (text.Contains(s.Reveal(), StringComparison.Ordinal)) text = text.Replace(s.Reveal(), s.Masked(), StringComparison.Ordinal);
        return text;
    }
}
