namespace SecretScan.Cli.Hosting;

/// <summary>The few file-system questions the command line itself asks; scanning reads files through its sources.</summary>
public interface IFileSystem
{
    bool FileExists(string path);
    bool DirectoryExists(string path);
    string ReadAllText(string path);
    /// <summary>A new report or baseline file (see <see cref="ReportFiles"/> for why it is owner-only).</summary>
    Stream CreateReport(string path);
}
