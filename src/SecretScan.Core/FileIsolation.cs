using System.Text.RegularExpressions;

namespace SecretScan.Core;

/// <summary>
/// Keeps one bad file from ending a scan: an exception from loading, decoding, detecting or filtering one fragment
/// becomes a diagnostic for that file and the scan goes on, so the findings of every other file are still reported.
/// Cancellation is the one exception that passes: it is how a scan is meant to stop.
/// </summary>
public static class FileIsolation
{
    public static Fragment? Load(Func<Fragment?> load, ScanContext context)
    {
        try { return load(); }
        catch (Exception e) when (IsPerFile(e))
        {
            context.CountSkipped();
            context.Report(new Diagnostic(DiagnosticCodes.InternalError, DiagnosticLevel.Warning, null, $"an item could not be read and was skipped: {Describe(e)}"));
            return null;
        }
    }

    public static void Run(Fragment fragment, ScanContext context, Action scan)
    {
        try { scan(); }
        catch (Exception e) when (IsPerFile(e))
        {
            context.Report(new Diagnostic(DiagnosticCodes.InternalError, DiagnosticLevel.Warning, fragment.Path, $"not fully scanned: {Describe(e)}"));
        }
    }

    /// <summary>
    /// A filter that fails (an allowlist regex timing out) holds nothing back: the finding is reported, since a broken
    /// allowlist must not become a way past the check.
    /// </summary>
    public static bool Suppresses(IFindingFilter filter, Finding finding, Fragment fragment, ScanContext context)
    {
        try { return filter.Suppresses(finding, fragment); }
        catch (Exception e) when (IsPerFile(e))
        {
            string what = e is RegexMatchTimeoutException ? "a pattern timed out" : Describe(e);
            context.Report(new Diagnostic(e is RegexMatchTimeoutException ? DiagnosticCodes.RegexTimeout : DiagnosticCodes.InternalError, DiagnosticLevel.Warning,
                fragment.Path, $"the {ScanStats.StageName(filter.Stage)} filter failed ({what}): the finding was kept"));
            return false;
        }
    }

    private static bool IsPerFile(Exception e) => e is not (OperationCanceledException or OutOfMemoryException);

    /// <summary>The exception's type and first line only: messages of parsers can quote the content, which may be a secret.</summary>
    private static string Describe(Exception e) => e switch
    {
        RegexMatchTimeoutException => "a pattern timed out",
        IOException io => $"{io.GetType().Name}: {FirstLine(io.Message)}",
        _ => e.GetType().Name,
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
