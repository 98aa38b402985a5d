namespace SecretScan.Rules;

/// <summary>
/// Limits for the files secretscan parses (rule files, configs, the user policy): YamlDotNet has none, and a deeply
/// nested document overflows its recursive node builder. A rule file or config is small; anything far larger is a
/// mistake or an attack, and is refused with a position rather than parsed.
/// </summary>
public static class InputLimits
{
    public const long MaxConfigBytes = 1L << 20;
    public const long MaxRuleFileBytes = 8L << 20;
    public const int MaxYamlDepth = 64;

    /// <summary>Reads a small text file, or records why not (missing, too large, not a regular file) and returns null.</summary>
    public static string? ReadText(string path, long maxBytes, List<RuleError> errors, string what)
    {
        try
        {
            if (Core.SpecialFiles.Kind(path) is { } special)
            {
                errors.Add(new RuleError(path, 1, 1, null, $"cannot read {what}: it is a {special}, not a regular file"));
                return null;
            }
            var info = new FileInfo(path);
            if (info.Length > maxBytes)
            {
                errors.Add(new RuleError(path, 1, 1, null, $"cannot read {what}: {info.Length} bytes is over the {maxBytes}-byte limit for such files"));
                return null;
            }
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new RuleError(path, 1, 1, null, $"cannot read {what}: {e.Message}"));
            return null;
        }
    }
}
