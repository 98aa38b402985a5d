using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>The rotation guide as plain lines: shared by the text report, the hook message and SARIF help.</summary>
public static class RotationText
{
    public static IEnumerable<string> Lines(RotationGuide guide)
    {
        yield return $"Revoke or roll it at: {guide.Url}";
        int i = 0;
        foreach (string step in guide.Steps) yield return $"{++i}. {step}";
        yield return "Then update every consumer of the key:";
        foreach (string u in guide.Update) yield return $"   - {u}";
        if (!guide.Check.IsDefaultOrEmpty)
        {
            yield return "Check afterwards:";
            foreach (string ch in guide.Check) yield return $"   - {ch}";
        }
        if (guide.Docs is not null) yield return $"Docs: {guide.Docs}";
        yield return RotationGuide.HistoryWarning;
    }
}
