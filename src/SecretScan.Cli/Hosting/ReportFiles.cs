namespace SecretScan.Cli.Hosting;

public static class ReportFiles
{
    /// <summary>
    /// Reports can hold paths and (with --reveal) secrets: on Unix a new report file is created readable by its owner
    /// only. An existing file keeps its mode: it may be a device such as /dev/null that must never be chmod-ed.
    /// </summary>
    public static FileStream Create(string path)
    {
        try
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            return new FileStream(path, fileOptions);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write report '{path}': {e.Message}");
        }
    }
}
