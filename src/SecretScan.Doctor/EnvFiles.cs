using System.Text.RegularExpressions;

namespace SecretScan.Doctor;

/// <summary>A dotenv file of the project and its part in the local lookup order.</summary>
public sealed record EnvFile(string RelativePath, string FullPath, IReadOnlyList<DotenvEntry> Entries)
{
    /// <summary>
    /// Where the file stands when the app runs locally (development), the order of dotenv-flow, Vite, Next.js and
    /// Create React App: <c>.env.development.local</c> beats <c>.env.local</c> beats <c>.env.development</c> beats
    /// <c>.env</c>. Null for files that are not part of a local run (production, test, compose env_file).
    /// </summary>
    public int? LocalRank => Path.GetFileName(RelativePath) switch
    {
        ".env.development.local" => 1,
        ".env.local" => 2,
        ".env.development" => 3,
        ".env" => 4,
        _ => null,
    };

    public bool IsProduction => Path.GetFileName(RelativePath) is ".env.production" or ".env.prod" or ".env.production.local";

    /// <summary>Named by a compose file's <c>env_file</c>.</summary>
    public bool FromCompose { get; init; }

    /// <summary>Not a dotenv file: the <c>environment:</c> entries of a compose file.</summary>
    public bool ComposeEnvironment { get; init; }
}

/// <summary>Finds the dotenv files a project loads: <c>.env</c>, <c>.env.local</c>, <c>.env.&lt;mode&gt;</c> at its root, and every compose <c>env_file</c>.</summary>
public static partial class EnvFiles
{
    // Templates document the names; their values are meant to be placeholders.
    private static readonly string[] TemplateEndings = [".example", ".sample", ".template", ".dist", ".defaults", ".tmpl", ".tpl"];

    [GeneratedRegex(@"^(?<indent>\s*)env_file\s*:\s*(?<inline>\S.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvFileKey();

    [GeneratedRegex(@"^\s*-\s*(?:path\s*:\s*)?(?<path>[^\s#]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ListItem();

    public static List<EnvFile> Find(string root)
    {
        var found = new Dictionary<string, EnvFile>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(root).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if ((name == ".env" || name.StartsWith(".env.", StringComparison.Ordinal)) && !TemplateEndings.Any(t => name.EndsWith(t, StringComparison.OrdinalIgnoreCase)))
                Add(found, root, path, fromCompose: false);
        }
        foreach (string compose in Directory.EnumerateFiles(root).Where(p => EnvReferences.IsComposeFile(Path.GetFileName(p))).Order(StringComparer.Ordinal))
            foreach (string named in ComposeEnvFiles(compose))
            {
                string full = Path.GetFullPath(named, Path.GetDirectoryName(compose)!);
                if (File.Exists(full)) Add(found, root, full, fromCompose: true);
            }
        foreach (string compose in Directory.EnumerateFiles(root).Where(p => EnvReferences.IsComposeFile(Path.GetFileName(p))).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(root, compose).Replace('\\', '/');
            var entries = ComposeEnvironment(relative, compose);
            if (entries.Count > 0) found["compose:" + relative] = new EnvFile(relative, compose, entries) { ComposeEnvironment = true };
        }
        return [.. found.Values.OrderBy(f => f.LocalRank ?? 99).ThenBy(f => f.RelativePath, StringComparer.Ordinal)];
    }

    private static void Add(Dictionary<string, EnvFile> found, string root, string full, bool fromCompose)
    {
        string relative = Path.GetRelativePath(root, full).Replace('\\', '/');
        if (found.TryGetValue(relative, out EnvFile? known))
        {
            if (fromCompose) found[relative] = known with { FromCompose = true };
            return;
        }
        string text;
        try { text = new FileInfo(full).Length > 1024 * 1024 ? "" : File.ReadAllText(full); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        found[relative] = new EnvFile(relative, full, Dotenv.Parse(relative, text)) { FromCompose = fromCompose };
    }

    /// <summary>The <c>env_file:</c> entries of a compose file: a string, a list of strings, or a list of <c>path:</c> items.</summary>
    public static List<string> ComposeEnvFiles(string composePath)
    {
        var paths = new List<string>();
        string[] lines;
        try { lines = File.ReadAllLines(composePath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return paths; }
        for (int i = 0; i < lines.Length; i++)
        {
            Match m = EnvFileKey().Match(lines[i]);
            if (!m.Success) continue;
            if (m.Groups["inline"].Success)
            {
                string inline = m.Groups["inline"].Value.Trim();
                if (inline.StartsWith('['))
                    paths.AddRange(inline.Trim('[', ']').Split(',').Select(Unquote).Where(p => p.Length > 0));
                else paths.Add(Unquote(inline.Split(" #")[0]));
                continue;
            }
            int indent = m.Groups["indent"].Length;
            for (int j = i + 1; j < lines.Length; j++)
            {
                string line = lines[j];
                if (line.Trim().Length == 0) continue;
                int lineIndent = line.Length - line.TrimStart().Length;
                if (lineIndent <= indent && !line.TrimStart().StartsWith('-')) break;
                Match item = ListItem().Match(line);
                if (item.Success) paths.Add(Unquote(item.Groups["path"].Value));
                else if (line.TrimStart().StartsWith("path:", StringComparison.Ordinal)) paths.Add(Unquote(line.Trim()[5..]));
                else if (lineIndent <= indent) break;
            }
        }
        return paths;
    }

    [GeneratedRegex(@"^(?<indent>\s*)environment\s*:\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentKey();

    [GeneratedRegex(@"^\s*-\s*(?<item>.+?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentItem();

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?<value>.*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentPair();

    /// <summary>
    /// A compose file's <c>environment:</c> values. In the list form (<c>- NAME="value"</c>) YAML reads the whole item
    /// as one string, so quotes after the <c>=</c> stay in the value: the naive and the careful reading are the same.
    /// Interpolated values (<c>${NAME}</c>) are references, not definitions, and are left out.
    /// </summary>
    public static List<DotenvEntry> ComposeEnvironment(string relative, string composePath)
    {
        var entries = new List<DotenvEntry>();
        string[] lines;
        try { lines = File.ReadAllLines(composePath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return entries; }
        for (int i = 0; i < lines.Length; i++)
        {
            Match m = EnvironmentKey().Match(lines[i]);
            if (!m.Success) continue;
            int indent = m.Groups["indent"].Length;
            for (int j = i + 1; j < lines.Length; j++)
            {
                string line = lines[j].TrimEnd('\r');
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
                if (line.Length - line.TrimStart().Length <= indent) break;
                Match item = EnvironmentItem().Match(line);
                if (item.Success)
                {
                    string text = item.Groups["item"].Value;
                    if (text.Length > 1 && text[0] is '"' or '\'' && text[^1] == text[0]) text = text[1..^1];
                    int eq = text.IndexOf('=');
                    if (eq <= 0) continue;
                    string value = text[(eq + 1)..];
                    if (!value.Contains("${", StringComparison.Ordinal)) entries.Add(new DotenvEntry(relative, j + 1, text[..eq].Trim(), value, value));
                    continue;
                }
                Match pair = EnvironmentPair().Match(line);
                if (!pair.Success) continue;
                string v = pair.Groups["value"].Value;
                if (v.Length > 1 && v[0] is '"' or '\'' && v[^1] == v[0]) v = v[1..^1];
                if (v.Length > 0 && !v.Contains("${", StringComparison.Ordinal)) entries.Add(new DotenvEntry(relative, j + 1, pair.Groups["name"].Value, v, v));
            }
        }
        return entries;
    }

    private static string Unquote(string s) => s.Trim().Trim('"', '\'');
}
