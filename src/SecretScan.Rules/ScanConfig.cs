using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using SecretScan.Core;
using YamlDotNet.RepresentationModel;

namespace SecretScan.Rules;

/// <summary>
/// <c>.secretscan.yaml</c>: a repository's or pipeline's settings. It adds rules, disables or tunes default ones,
/// holds global allowlists and defaults for scan options. Loaded with the same positional errors as rule files.
/// </summary>
public sealed record ScanConfig
{
    public const string FileName = ".secretscan.yaml";
    private static readonly string[] TopKeys = ["rule_files", "rules", "disable", "override", "allowlist", "options"];
    private static readonly string[] OverrideKeys = ["entropy", "paths", "severity"];
    private static readonly string[] AllowKeys = ["paths", "secrets", "lines", "stopwords"];
    private static readonly string[] OptionKeys = ["format", "max_file_size", "exclude", "baseline"];

    public string? Source { get; init; }
    public ImmutableArray<string> RuleFiles { get; init; } = [];
    public ImmutableArray<LoadedRule> Rules { get; init; } = [];
    public ImmutableArray<string> Disable { get; init; } = [];
    public ImmutableDictionary<string, RuleOverride> Overrides { get; init; } = ImmutableDictionary<string, RuleOverride>.Empty;
    public ImmutableArray<string> AllowPaths { get; init; } = [];
    public ImmutableArray<Regex> AllowSecrets { get; init; } = [];
    public ImmutableArray<Regex> AllowLines { get; init; } = [];
    public ImmutableArray<string> AllowStopwords { get; init; } = [];
    public string? Format { get; init; }
    public long? MaxFileSize { get; init; }
    public ImmutableArray<string> Exclude { get; init; } = [];
    public string? Baseline { get; init; }

    public static readonly ScanConfig Empty = new();

    public AllowlistFilter Allowlist() => new(new PathFilter(AllowPaths), AllowSecrets, AllowLines, AllowStopwords);

    /// <summary>Reads a config file; relative rule-file paths are resolved against the config's folder.</summary>
    public static ScanConfig Load(string path, List<RuleError> errors)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new RuleError(path, 1, 1, null, $"cannot read config: {e.Message}"));
            return Empty;
        }
        return Parse(path, text, errors);
    }

    public static ScanConfig Parse(string source, string text, List<RuleError> errors)
    {
        var reader = new YamlReader(source, errors);
        YamlNode? root = reader.Parse(text);
        if (root is null) return Empty with { Source = source };
        var map = reader.Mapping(root, "the config", TopKeys);
        if (map is null) return Empty with { Source = source };
        string folder = Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".";

        var rules = new List<LoadedRule>();
        if (map.TryGetValue("rules", out YamlNode? rulesNode))
        {
            if (rulesNode is YamlSequenceNode seq)
                foreach (YamlNode node in seq.Children)
                    if (RuleLoader.ReadRule(reader, node, null, null, compile: true) is { } rule) rules.Add(rule);
                    else reader.CurrentRule = null;
            else reader.Error(rulesNode, "'rules' must be a list of rules");
        }

        var overrides = ImmutableDictionary.CreateBuilder<string, RuleOverride>();
        if (map.TryGetValue("override", out YamlNode? ov) && ov is not YamlMappingNode) reader.Error(ov, "'override' must map rule ids to settings");
        if (ov is YamlMappingNode ovMap)
        {
            foreach (var (key, value) in ovMap.Children)
            {
                string id = (key as YamlScalarNode)?.Value ?? "";
                reader.CurrentRule = id;
                var o = reader.Mapping(value, "a rule override", OverrideKeys);
                if (o is null) continue;
                Severity? severity = null;
                if (reader.String(o, "severity") is { } sev)
                {
                    if (Enum.TryParse(sev, true, out Severity s) && Enum.IsDefined(s)) severity = s;
                    else reader.Error(o["severity"], "'severity' must be one of: critical, high, medium, low");
                }
                var paths = reader.Strings(o, "paths").Select(p => p.Value).ToList();
                overrides[id] = new RuleOverride(reader.Number(o, "entropy", 0, 8), paths.Count > 0 ? [.. paths] : null, severity, (int)key.Start.Line, (int)key.Start.Column);
            }
            reader.CurrentRule = null;
        }

        var allow = reader.Mapping(map.GetValueOrDefault("allowlist"), "'allowlist'", AllowKeys) ?? [];
        var options = reader.Mapping(map.GetValueOrDefault("options"), "'options'", OptionKeys) ?? [];
        string? format = reader.String(options, "format");
        if (format is not null && !new[] { "text", "json", "sarif", "junit", "github" }.Contains(format))
            reader.Error(options["format"], "'format' must be one of: text, json, sarif, junit, github");
        long? maxSize = null;
        if (reader.String(options, "max_file_size") is { } sizeText)
        {
            if (ByteSize.TryParse(sizeText, out long size)) maxSize = size;
            else reader.Error(options["max_file_size"], $"'max_file_size' must be a size such as 10MB, 512KB or 1048576, not '{sizeText}'");
        }

        return new ScanConfig
        {
            Source = source,
            RuleFiles = [.. reader.Strings(map, "rule_files").Select(f => Path.GetFullPath(Path.Combine(folder, f.Value)))],
            Rules = [.. rules],
            Disable = [.. reader.Strings(map, "disable").Select(d => d.Value)],
            Overrides = overrides.ToImmutable(),
            AllowPaths = [.. reader.Strings(allow, "paths").Select(p => p.Value)],
            AllowSecrets = Regexes(reader, allow, "secrets"),
            AllowLines = Regexes(reader, allow, "lines"),
            AllowStopwords = [.. reader.Strings(allow, "stopwords").Select(s => s.Value)],
            Format = format,
            MaxFileSize = maxSize,
            Exclude = [.. reader.Strings(options, "exclude").Select(e => e.Value)],
            Baseline = reader.String(options, "baseline") is { } b ? Path.GetFullPath(Path.Combine(folder, b)) : null,
        };
    }

    private static ImmutableArray<Regex> Regexes(YamlReader reader, Dictionary<string, YamlNode> map, string key)
    {
        var list = ImmutableArray.CreateBuilder<Regex>();
        foreach (var (text, node) in reader.Strings(map, key))
        {
            try { list.Add(Rule.CreateRegex(text)); }
            catch (ArgumentException e) { reader.Error(node, $"invalid regex in allowlist '{key}': {e.Message}"); }
        }
        return list.ToImmutable();
    }
}

public sealed record RuleOverride(double? Entropy, ImmutableArray<string>? Paths, Severity? Severity, int Line, int Column);

public static class ByteSize
{
    /// <summary>Parses 10MB, 512KB, 1GB, 100B or a plain number of bytes (1024-based units).</summary>
    public static bool TryParse(string text, out long bytes)
    {
        text = text.Trim();
        long unit = 1;
        string upper = text.ToUpperInvariant();
        foreach (var (suffix, factor) in new[] { ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("B", 1L) })
            if (upper.EndsWith(suffix, StringComparison.Ordinal)) { unit = factor; text = text[..^suffix.Length].Trim(); break; }
        bytes = 0;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0) return false;
        bytes = (long)(value * unit);
        return true;
    }
}
