namespace SecretScan.Tests.Support;

/// <summary>A fresh folder per test, removed afterwards (git makes pack files read-only, so attributes are reset first).</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string? name = null)
    {
        string safe = string.Concat((name ?? TestContext.CurrentContext.Test.Name).Select(c => char.IsLetterOrDigit(c) ? c : '_'));
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "secretscan-tests", $"{safe[..Math.Min(safe.Length, 40)]}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string relative, string content)
    {
        string full = System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public void Dispose()
    {
        try
        {
            foreach (string f in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
                System.IO.File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { /* a leftover temp folder must not fail the test that made it */ }
        catch (UnauthorizedAccessException) { }
    }
}
