using System.Text.RegularExpressions;

namespace SecretScan.Doctor;

/// <summary>One place where the project reads an environment variable.</summary>
public sealed record EnvReference(string Name, string File, int Line)
{
    public string Where => $"{File}:{Line}";
}

/// <summary>
/// Finds the environment variables a project's code and config read, by the idioms of each language:
/// <c>os.environ[...]</c>, <c>os.getenv</c>, <c>process.env.X</c>, <c>Environment.GetEnvironmentVariable</c>,
/// <c>ENV[...]</c>, <c>getenv()</c>, and <c>${X}</c> in compose and CI files. A text search, not a parser: it may
/// miss a name built at run time, which is what <c>--env NAME</c> is for.
/// </summary>
public static partial class EnvReferences
{
    private const string Name = @"(?<name>[A-Za-z_][A-Za-z0-9_]{1,127})";

    [GeneratedRegex(@"os\.environ\s*\[\s*['""]" + Name + @"['""]\s*\]|os\.environ\.get\(\s*['""]" + Name + @"['""]|os\.getenv\(\s*['""]" + Name + @"['""]" +
        @"|process\.env\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|process\.env\[\s*['""]" + Name + @"['""]\s*\]|import\.meta\.env\.(?<name>[A-Za-z_][A-Za-z0-9_]*)" +
        @"|Deno\.env\.get\(\s*['""]" + Name + @"['""]|Environment\.GetEnvironmentVariable\(\s*""" + Name + @"""" +
        @"|\bENV\s*\[\s*['""]" + Name + @"['""]\s*\]|\bENV\.fetch\(\s*['""]" + Name + @"['""]|\$_ENV\s*\[\s*['""]" + Name + @"['""]|\$_SERVER\s*\[\s*['""]" + Name + @"['""]" +
        @"|\bgetenv\(\s*['""]" + Name + @"['""]|\bGetenv\(\s*""" + Name + @"""|\bLookupEnv\(\s*""" + Name + @"""|\benv::var\(\s*""" + Name + @"""" +
        @"|\benv\(\s*['""]" + Name + @"['""]",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CodeRead();

    // ${X}, ${X:-default}, ${X?error} in compose and CI files, and ${{ secrets.X }} in GitHub Actions.
    [GeneratedRegex(@"\$\{" + Name + @"(?::?[-?=+][^}]*)?\}|\$\{\{\s*(?:secrets|env|vars)\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Interpolation();

    private static readonly HashSet<string> CodeExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".py", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte", ".cs", ".fs", ".vb", ".rb", ".go", ".php",
        ".java", ".kt", ".kts", ".scala", ".rs", ".c", ".cc", ".cpp", ".h", ".hpp", ".swift", ".ex", ".exs", ".r", ".jl", ".lua", ".dart", ".groovy", ".ipynb",
    };

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        ".git", "node_modules", "bin", "obj", "dist", "build", "out", "target", "vendor", "venv", ".venv", "__pycache__", ".next", ".nuxt", "coverage", ".tox", ".idea", ".vs",
    };

    private const long MaxFileBytes = 1024 * 1024;
    private const int MaxFiles = 20_000;

    public static bool IsComposeFile(string fileName) =>
        Regex.IsMatch(fileName, @"^(docker-)?compose(\.[\w.-]+)?\.ya?ml$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static bool IsCiFile(string relativePath)
    {
        string p = relativePath.Replace('\\', '/');
        string file = Path.GetFileName(p);
        return p.StartsWith(".github/workflows/", StringComparison.Ordinal) || p.StartsWith(".github/actions/", StringComparison.Ordinal)
            || p.StartsWith(".circleci/", StringComparison.Ordinal) || file is ".gitlab-ci.yml" or "bitbucket-pipelines.yml" or ".travis.yml" or "Jenkinsfile"
            || file.StartsWith("azure-pipelines", StringComparison.OrdinalIgnoreCase) || file.Equals("Dockerfile", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every read of an environment variable under <paramref name="root"/>, in path and line order.</summary>
    public static List<EnvReference> Find(string root)
    {
        var found = new List<EnvReference>();
        int files = 0;
        foreach (string path in Walk(root))
        {
            if (++files > MaxFiles) break;
            string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            string file = Path.GetFileName(path);
            Regex? pattern = IsComposeFile(file) || IsCiFile(relative) ? Interpolation()
                : CodeExtensions.Contains(Path.GetExtension(path)) ? CodeRead() : null;
            if (pattern is null) continue;
            string text;
            try
            {
                if (new FileInfo(path).Length > MaxFileBytes) continue;
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (Match m in pattern.Matches(text))
                found.Add(new EnvReference(m.Groups["name"].Value, relative, LineOf(text, m.Index)));
        }
        return found;
    }

    private static IEnumerable<string> Walk(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            string[] entries;
            try { entries = [.. Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal)]; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            var subfolders = new List<string>();
            foreach (string entry in entries)
            {
                var info = new FileInfo(entry);
                if (info.Attributes.HasFlag(FileAttributes.ReparsePoint)) continue;
                if (info.Attributes.HasFlag(FileAttributes.Directory))
                {
                    if (!SkippedFolders.Contains(info.Name)) subfolders.Add(entry);
                }
                else yield return entry;
            }
            for (int i = subfolders.Count - 1; i >= 0; i--) pending.Push(subfolders[i]);
        }
    }

    internal static int LineOf(string text, int index)
    {
        int line = 1;
        for (int i = 0; i < index; i++) if (text[i] == '\n') line++;
        return line;
    }
}
