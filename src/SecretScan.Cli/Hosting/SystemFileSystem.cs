namespace SecretScan.Cli.Hosting;

public sealed class SystemFileSystem : IFileSystem
{
    public bool FileExists(string path) => File.Exists(path);
    public bool DirectoryExists(string path) => Directory.Exists(path);
    public string ReadAllText(string path) => File.ReadAllText(path);
    public Stream CreateReport(string path) => ReportFiles.Create(path);
}
