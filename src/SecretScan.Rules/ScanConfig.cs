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

    /// <summary>Settings that hold back everything (or nearly): legal, but said out loud on every scan.</summary>
    public ImmutableArray<ConfigWarning> Warnings { get; init; } = [];

    public static readonly ScanConfig Empty = new();

    /// <summary>
    /// What is left when the user's policy does not trust repository configs: rules may be added, nothing may be
    /// taken away. <paramref name="dropped"/> names every setting that was ignored, for the warning.
    /// </summary>
    public ScanConfig WithoutWeakening(out List<string> dropped)
    {
        dropped = [];
        if (!Disable.IsEmpty) dropped.Add("disable");
        if (!Overrides.IsEmpty) dropped.Add("override");
        if (!AllowPaths.IsEmpty) dropped.Add("allowlist.paths");
        if (!AllowSecrets.IsEmpty) dropped.Add("allowlist.secrets");
        if (!AllowLines.IsEmpty) dropped.Add("allowlist.lines");
        if (!AllowStopwords.IsEmpty) dropped.Add("allowlist.stopwords");
        if (!Exclude.IsEmpty) dropped.Add("options.exclude");
        if (MaxFileSize is not null) dropped.Add("options.max_file_size");
        if (Baseline is not null) dropped.Add("options.baseline");
        return this with
        {
            Disable = [], Overrides = ImmutableDictionary<string, RuleOverride>.Empty, AllowPaths = [], AllowSecrets = [], AllowLines = [],
            AllowStopwords = [], Exclude = [], MaxFileSize = null, Baseline = null,
            Warnings = [.. Warnings.Where(w => !w.Setting.StartsWith("allowlist", StringComparison.Ordinal) && w.Setting != "options.exclude" && w.Setting != "override")],
        };
    }

    public AllowlistFilter Allowlist() => new(new PathFilter(AllowPaths), AllowSecrets, AllowLines, AllowStopwords);

    /// <summary>Reads a config file; relative rule-file paths are resolved against the config's folder.</summary>
    public static ScanConfig Load(string path, List<RuleError> errors)
    {
        string? text = InputLimits.ReadText(path, InputLimits.MaxConfigBytes, errors, "config");
        return text is null ? Empty : Parse(path, text, errors);
    }

    public static ScanConfig Parse(string source, string text, List<RuleError> errors)
    {
        var reader = new YamlReader(source, errors);
        if (text.Length > InputLimits.MaxConfigBytes)
        {
            errors.Add(new RuleError(source, 1, 1, null, $"config is over the {InputLimits.MaxConfigBytes}-byte limit for such files"));
            return Empty with { Source = source };
        }
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

        var warnings = new List<ConfigWarning>();
        // A config's own rule that can never report is as silent as an allowlist of everything, so it is said at scan time.
        foreach (LoadedRule rule in rules)
            foreach (RuleReachability.Problem problem in RuleReachability.Check(rule.Rule, rule.Examples))
                warnings.Add(new ConfigWarning(source, rule.Line, rule.Column, "rules", $"rule '{Quoting.Safe(rule.Rule.Id)}': {problem.Message}"));
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
                double? entropy = reader.Number(o, "entropy", 0, 8);
                if (entropy > NeverReachedEntropy)
                    warnings.Add(Warn(source, o["entropy"], "override", $"'entropy: {entropy.Value.ToString(CultureInfo.InvariantCulture)}' for rule '{Quoting.Safe(id)}' is more than any key of base64 characters can reach: the rule can never match"));
                overrides[id] = new RuleOverride(entropy, paths.Count > 0 ? [.. paths] : null, severity, (int)key.Start.Line, (int)key.Start.Column);
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
            else reader.Error(options["max_file_size"], $"'max_file_size' must be a size such as 10MB, 512KB or 1048576, not '{Quoting.Safe(sizeText)}'");
        }

        var allowPaths = reader.Strings(allow, "paths");
        foreach (var (glob, node) in allowPaths)
            if (MatchesEverything(new PathFilter([glob])))
                warnings.Add(Warn(source, node, "allowlist.paths", $"allowlist path '{Quoting.Safe(glob)}' matches every file: no finding can be reported"));
        var excludes = reader.Strings(options, "exclude");
        foreach (var (glob, node) in excludes)
            if (MatchesEverything(new PathFilter([glob])))
                warnings.Add(Warn(source, node, "options.exclude", $"exclude '{Quoting.Safe(glob)}' matches every file: nothing is scanned"));
        var stopwords = reader.Strings(allow, "stopwords");
        foreach (var (word, node) in stopwords)
        {
            if (string.IsNullOrWhiteSpace(word)) reader.Error(node, "an empty stopword is contained in every secret and would hold back every finding");
            else if (word.Trim().Length < 3)
                warnings.Add(Warn(source, node, "allowlist.stopwords", $"stopword of {word.Trim().Length} character(s) is contained in most secrets and holds back nearly every finding"));
        }
        var allowSecrets = Regexes(reader, allow, "secrets", warnings);
        var allowLines = Regexes(reader, allow, "lines", warnings);

        return new ScanConfig
        {
            Source = source,
            RuleFiles = [.. reader.Strings(map, "rule_files").Select(f => Path.GetFullPath(Path.Combine(folder, f.Value)))],
            Rules = [.. rules],
            Disable = [.. reader.Strings(map, "disable").Select(d => d.Value)],
            Overrides = overrides.ToImmutable(),
            AllowPaths = [.. allowPaths.Select(p => p.Value)],
            AllowSecrets = allowSecrets,
            AllowLines = allowLines,
            AllowStopwords = [.. stopwords.Select(s => s.Value).Where(w => !string.IsNullOrWhiteSpace(w))],
            Format = format,
            MaxFileSize = maxSize,
            Exclude = [.. excludes.Select(e => e.Value)],
            Warnings = [.. warnings],
            Baseline = reader.String(options, "baseline") is { } b ? Path.GetFullPath(Path.Combine(folder, b)) : null,
        };
    }

    /// <summary>Past this, only a string of more than 64 distinct characters could pass: no base64 or hex key can.</summary>
    private const double NeverReachedEntropy = 6.0;

    private static readonly string[] SamplePaths = ["a.txt", "src/deep/Config.cs", ".env", "x/y/z/key.pem"];
    private static readonly string[] SampleSecrets = ["zQ7", "ghp_Xy12", "Ab3-_+/=", "p4ss w0rd!"];

    private static bool MatchesEverything(PathFilter filter) => SamplePaths.All(filter.Matches);

    private static ConfigWarning Warn(string source, YamlNode node, string setting, string message) =>
        new(source, Math.Max(1, (int)node.Start.Line), Math.Max(1, (int)node.Start.Column), setting, message);

    private static ImmutableArray<Regex> Regexes(YamlReader reader, Dictionary<string, YamlNode> map, string key, List<ConfigWarning> warnings)
    {
        var list = ImmutableArray.CreateBuilder<Regex>();
        foreach (var (text, node) in reader.Strings(map, key))
        {
            Regex regex;
            // The pattern itself may be a pasted secret: the message names its position, never the pattern.
            try { regex = Rule.CreateRegex(text); }
            catch (RegexParseException e) { reader.Error(node, $"invalid regex in allowlist '{key}': {e.Error} at offset {e.Offset}"); continue; }
            catch (ArgumentException) { reader.Error(node, $"invalid regex in allowlist '{key}'"); continue; }
            list.Add(regex);
            bool all;
            try { all = SampleSecrets.All(regex.IsMatch); }
            catch (RegexMatchTimeoutException) { all = false; }
            if (all) warnings.Add(Warn(reader.Source, node, $"allowlist.{key}", $"allowlist '{key}' pattern matches any text: every finding is held back"));
        }
        return list.ToImmutable();
    }
}

/// <summary>A legal setting that is worth saying out loud: <c>path:line:col: warning: message</c>.</summary>
public sealed record ConfigWarning(string Source, int Line, int Column, string Setting, string Message)
{
    public override string ToString() => $"{Source}:{Line}:{Column}: warning: {Message} ({Setting})";
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
