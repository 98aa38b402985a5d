using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>Turns one <see cref="ScanReport"/> into one output format. Several can run on the same report.</summary>
public interface IReporter
{
    void Write(ScanReport report, Stream output, ReportOptions options);
}
