using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using SecretScan.Core;
using YamlDotNet.RepresentationModel;

namespace SecretScan.Rules;

/// <summary>The text of one rule file and the name it is reported under (a path, or <c>builtin:aws.yaml</c>).</summary>
public sealed record RuleFileText(string Source, string Text);

/// <summary>An example or negative example of a rule, with its place in the file so a failing one can be pointed at.</summary>
public sealed record RuleExample(string Text, bool Negative, int Line, int Column);

/// <summary>A validated rule together with where its examples stand, for <c>rules check</c>.</summary>
public sealed record LoadedRule(Rule Rule, ImmutableArray<RuleExample> Examples, int Line, int Column);

public sealed class RuleLoadResult
{
    public List<LoadedRule> Rules { get; } = [];
    public List<RuleError> Errors { get; } = [];
}

/// <summary>
/// Rule files (YAML, one per provider) to validated <see cref="Rule"/>s. The YAML is the loose "as written"
/// shape; everything is checked here, and every problem is collected before anything is scanned.
/// </summary>
public static partial class RuleLoader
{
    // The default generic rules' regexes come compiled with the binary; any rule with one of their patterns uses them.
    static RuleLoader() => PrebuiltRegexes.Register(DefaultRuleRegexes.Find);

    private static readonly string[] FileKeys = ["provider", "rotation", "rules"];
    internal static readonly string[] RuleKeys =
    [
        "id", "name", "description", "provider", "severity", "precision", "generic", "keywords", "pattern", "secret_group",
        "entropy", "validate", "window", "paths", "allowlist", "examples", "negative_examples", "rotation", "verify",
        "assignment",
    ];
    private static readonly string[] AssignmentKeys = ["keys", "not_after", "not_ending", "calls", "flags", "min_length"];
    private static readonly string[] RotationKeys = ["url", "steps", "update", "check", "docs"];
    private static readonly string[] VerifyKeys =
        ["method", "url", "headers", "basic", "body", "signer", "live", "invalid", "quota", "restricted", "live_body", "invalid_body", "pair"];
    private static readonly string[] VerifyMethods = ["GET", "HEAD", "POST"];
    private static readonly string[] Signers = ["aws-sigv4"];
    private static readonly string[] Precisions = ["very-high", "high", "medium", "low"];

    /// <summary>The default rules embedded in the binary, in file-name order.</summary>
    public static IReadOnlyList<RuleFileText> DefaultFiles()
    {
        var assembly = typeof(RuleLoader).Assembly;
        var files = new List<RuleFileText>();
        foreach (string name in DefaultResourceNames())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            files.Add(new RuleFileText("builtin:" + name["rules/".Length..], reader.ReadToEnd()));
        }
        return files;
    }

    internal static IEnumerable<string> DefaultResourceNames() =>
        typeof(RuleLoader).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("rules/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    /// <summary>
    /// The default rules for a scan: from the pre-parsed pack when it is current (see <see cref="RulePack"/>), else
    /// parsed from their YAML. Without examples: <c>rules check</c> and <c>rules list</c> load the YAML themselves.
    /// </summary>
    public static RuleLoadResult LoadDefaults() =>
        Interlocked.Exchange(ref _prefetched, null) is { } prefetched ? prefetched.GetAwaiter().GetResult() : ReadDefaults();

    private static Task<RuleLoadResult>? _prefetched;

    /// <summary>
    /// Starts reading the default rules on another core, for the next <see cref="LoadDefaults"/> (which takes the
    /// result once; later calls read afresh, so no caller sees another's changes to the list). A scan calls this as
    /// soon as it knows it will scan: a pre-commit hook otherwise reads the rules only after finding the repository,
    /// checking HEAD and reading its config, all of which mostly wait on git. The regexes of the generic rules, which
    /// are large (the assignment grammar) and needed by almost every file, are built on that core too.
    /// </summary>
    public static void PrefetchDefaults()
    {
        if (Volatile.Read(ref _prefetched) is not null) return;
        var rules = Task.Run(ReadDefaults);
        Interlocked.CompareExchange(ref _prefetched, rules, null);
        rules.ContinueWith(t =>
        {
            foreach (LoadedRule loaded in t.Result.Rules)
                if (loaded.Rule.Generic) _ = loaded.Rule.Regex;
        }, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    private static RuleLoadResult ReadDefaults()
    {
        if (RulePack.ReadEmbedded() is not { } packed) return Load(DefaultFiles(), compile: false);
        var result = new RuleLoadResult();
        result.Rules.AddRange(packed);
        return result;
    }

    /// <summary>
    /// Loads rule files. <paramref name="compile"/> builds every regex now, so a user's broken pattern fails before
    /// the scan; the embedded defaults skip it (they are checked in CI) and build lazily, which keeps hook start-up cheap.
    /// </summary>
    public static RuleLoadResult Load(IEnumerable<RuleFileText> files, bool compile)
    {
        // Files are parsed in parallel (YAML parsing is most of the start-up a pre-commit hook pays), then merged in
        // order, so ids, duplicates and error order are the same as a sequential load.
        RuleFileText[] list = [.. files];
        var parsed = new (List<LoadedRule> Rules, List<RuleError> Errors)[list.Length];
        Parallel.For(0, list.Length, i => parsed[i] = LoadFile(list[i], compile));

        var result = new RuleLoadResult();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < list.Length; i++)
        {
            result.Errors.AddRange(parsed[i].Errors);
            foreach (LoadedRule rule in parsed[i].Rules)
            {
                if (ids.TryGetValue(rule.Rule.Id, out string? where))
                {
                    result.Errors.Add(new RuleError(list[i].Source, rule.Line, rule.Column, rule.Rule.Id, $"duplicate id (first defined in {where})"));
                    continue;
                }
                ids[rule.Rule.Id] = $"{list[i].Source}:{rule.Line}";
                result.Rules.Add(rule);
            }
        }
        return result;
    }

    private static (List<LoadedRule>, List<RuleError>) LoadFile(RuleFileText file, bool compile)
    {
        var rules = new List<LoadedRule>();
        var errors = new List<RuleError>();
        var reader = new YamlReader(file.Source, errors);
        YamlNode? root = reader.Parse(file.Text);
        if (root is null)
        {
            if (errors.Count == 0) reader.Error((YamlNode?)null, "the file holds no rules");
            return (rules, errors);
        }
        var map = reader.Mapping(root, "a rule file", FileKeys);
        if (map is null) return (rules, errors);
        string? provider = reader.String(map, "provider");
        RotationGuide? fileRotation = map.TryGetValue("rotation", out var rot) ? ReadRotation(reader, rot) : null;
        if (!map.TryGetValue("rules", out YamlNode? rulesNode) || rulesNode is not YamlSequenceNode seq)
        {
            reader.Error(map.GetValueOrDefault("rules") ?? root, "a rule file needs a 'rules' list");
            return (rules, errors);
        }
        foreach (YamlNode node in seq.Children)
            if (ReadRule(reader, node, provider, fileRotation, compile) is { } rule) rules.Add(rule);
        return (rules, errors);
    }

    /// <summary>Reads one rule mapping (from a rule file, or inline in a config file).</summary>
    internal static LoadedRule? ReadRule(YamlReader reader, YamlNode node, string? fileProvider, RotationGuide? fileRotation, bool compile)
    {
        // Known before the mapping is checked, so that even an unknown key is reported with its rule's id.
        reader.CurrentRule = node is YamlMappingNode raw && raw.Children.TryGetValue(new YamlScalarNode("id"), out var idNode) ? (idNode as YamlScalarNode)?.Value : null;
        int errorsBefore = reader.ErrorCount;
        var map = reader.Mapping(node, "a rule", RuleKeys);
        if (map is null) return null;
        string? id = reader.String(map, "id", node, required: true);
        reader.CurrentRule = id;
        if (id is not null && !KebabCase().IsMatch(id)) reader.Error(map["id"], "an id must be kebab-case: lower-case letters and digits separated by '-'");
        string? name = reader.String(map, "name", node, required: true);
        string? description = reader.String(map, "description", node, required: true);
        string? provider = reader.String(map, "provider") ?? fileProvider;
        if (string.IsNullOrWhiteSpace(provider)) reader.Error(node, "no 'provider' (set it at the top of the file or on the rule)");

        Severity severity = Severity.High;
        if (reader.String(map, "severity", node, required: true) is { } sev && !Enum.TryParse(sev, ignoreCase: true, out severity) || !Enum.IsDefined(severity))
            reader.Error(map.GetValueOrDefault("severity"), "'severity' must be one of: critical, high, medium, low");
        bool generic = reader.Bool(map, "generic") ?? false;
        string precision = reader.String(map, "precision") ?? (generic ? "medium" : "high");
        if (!Precisions.Contains(precision)) reader.Error(map["precision"], $"'precision' must be one of: {string.Join(", ", Precisions)}");

        // A rule written as an assignment vocabulary gets its pattern, and the keywords it implies, from the grammar.
        AssignmentSpec? assignment = map.TryGetValue("assignment", out var aNode) ? ReadAssignment(reader, aNode) : null;
        if (assignment is not null && map.ContainsKey("pattern")) reader.Error(map["pattern"], "a rule has either 'pattern' or 'assignment', not both");
        var keywords = reader.Strings(map, "keywords");
        if (assignment is not null)
            foreach (string k in AssignmentGrammar.Keywords(assignment))
                if (!keywords.Any(e => e.Value.Equals(k, StringComparison.OrdinalIgnoreCase))) keywords.Add((k, aNode!));
        if (keywords.Count == 0) reader.Error(map.GetValueOrDefault("keywords") ?? node, "a rule needs at least one keyword: the pattern only runs near a keyword");
        foreach (var (k, kNode) in keywords)
            if (k.Length < 3) reader.Error(kNode, $"keyword '{k}' is shorter than 3 characters: it would match almost everywhere and slow every scan");
            else if (!k.All(char.IsAscii)) reader.Error(kNode, $"keyword '{k}' must be ASCII (the prefilter folds ASCII case only)");

        string? pattern = assignment is not null ? CompileAssignment(reader, aNode!, assignment) : reader.String(map, "pattern", node, required: map.ContainsKey("assignment") is false);
        Regex? regex = null;
        if (pattern is not null && compile)
        {
            try { regex = Rule.CreateRegex(pattern); }
            catch (ArgumentException e) { reader.Error(map["pattern"], $"invalid regex: {e.Message}"); }
        }
        string? secretGroup = reader.String(map, "secret_group");
        if (regex is not null && secretGroup is not null && !regex.GetGroupNames().Contains(secretGroup))
            reader.Error(map["secret_group"], $"the pattern has no group '{secretGroup}'");

        double? entropy = reader.Number(map, "entropy", 0, 8);
        string? checksum = reader.String(map, "validate");
        if (checksum is not null && !Checksums.IsKnown(checksum))
            reader.Error(map["validate"], $"unknown checksum '{checksum}' (known: {string.Join(", ", Checksums.Known)})");
        double? windowSetting = reader.Number(map, "window", 16, 65536);
        int window = (int)(windowSetting ?? (assignment is not null ? AssignmentWindow : Rule.DefaultWindow));
        var paths = reader.Strings(map, "paths").Select(p => p.Value).ToList();

        var allowRegexes = new List<Regex>();
        var stopwords = new List<string>();
        if (reader.Mapping(map.GetValueOrDefault("allowlist"), "an allowlist", "regexes", "stopwords") is { } allow)
        {
            foreach (var (text, rNode) in reader.Strings(allow, "regexes"))
            {
                try { allowRegexes.Add(Rule.CreateRegex(text)); }
                catch (ArgumentException e) { reader.Error(rNode, $"invalid allowlist regex: {e.Message}"); }
            }
            stopwords.AddRange(reader.Strings(allow, "stopwords").Select(s => s.Value));
        }

        var examples = reader.Strings(map, "examples");
        var negatives = reader.Strings(map, "negative_examples");
        if (examples.Count < 2) reader.Error(map.GetValueOrDefault("examples") ?? node, "a rule needs at least 2 examples");
        if (negatives.Count < 2) reader.Error(map.GetValueOrDefault("negative_examples") ?? node, "a rule needs at least 2 negative examples");

        RotationGuide? rotation = map.TryGetValue("rotation", out var rNodeRot) ? ReadRotation(reader, rNodeRot) : fileRotation;
        if (rotation is null && !map.ContainsKey("rotation")) reader.Error(node, "no rotation guide (set 'rotation' at the top of the file or on the rule)");

        VerifySpec? verify = map.TryGetValue("verify", out var vNode) ? ReadVerify(reader, vNode) : null;

        if (reader.ErrorCount > errorsBefore || id is null || pattern is null || rotation is null) return null;

        var rule = new Rule(id, pattern, keywords.Select(k => k.Value), rotation)
        {
            Name = name!,
            Description = description!,
            Provider = provider!,
            Severity = severity,
            Precision = precision,
            Generic = generic,
            SecretGroup = secretGroup,
            MinEntropy = entropy,
            Checksum = checksum,
            Window = window,
            SpansLines = windowSetting is not null,
            // A YAML block scalar puts an assignment's value on the next line.
            ValueOnNextLine = assignment is not null,
            Paths = paths.Count > 0 ? new PathFilter(paths) : null,
            AllowRegexes = [.. allowRegexes],
            AllowStopwords = [.. stopwords],
            Source = reader.Source,
            Verify = verify,
        };
        ImmutableArray<RuleExample> cases =
        [
            .. examples.Select(e => new RuleExample(e.Value, false, (int)e.Node.Start.Line, (int)e.Node.Start.Column)),
            .. negatives.Select(e => new RuleExample(e.Value, true, (int)e.Node.Start.Line, (int)e.Node.Start.Column)),
        ];
        return new LoadedRule(rule, cases, (int)node.Start.Line, (int)node.Start.Column);
    }

    /// <summary>Past the keyword: the rest of the name, an operator, a block-scalar line break and a 200-char value.</summary>
    private const int AssignmentWindow = 320;

    private static AssignmentSpec? ReadAssignment(YamlReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "an assignment", AssignmentKeys);
        if (map is null) return null;
        int errorsBefore = reader.ErrorCount;
        var keys = reader.Strings(map, "keys");
        var calls = reader.Strings(map, "calls");
        var flags = reader.Strings(map, "flags");
        if (keys.Count + calls.Count + flags.Count == 0) reader.Error(node, "an assignment needs 'keys', 'calls' or 'flags'");
        foreach (var (key, kNode) in keys)
            if (!AssignmentKeyWord().IsMatch(key)) reader.Error(kNode, $"key '{key}' must be words of letters and digits separated by spaces, '_', '-' or '.'");
            else if (key.Replace(" ", "").Replace("_", "").Replace("-", "").Replace(".", "").Length < 3) reader.Error(kNode, $"key '{key}' is shorter than 3 characters");
        foreach (var (call, cNode) in calls)
            if (!AssignmentCall().IsMatch(call)) reader.Error(cNode, $"call '{call}' must be NAME:POSITION, e.g. NetworkCredential:2 (the secret is the POSITION-th argument, 1-8)");
        foreach (var (flag, fNode) in flags)
            if (!AssignmentFlag().IsMatch(flag)) reader.Error(fNode, $"flag '{flag}' must start with '-' and be at least 3 characters without the dashes");
        double? min = reader.Number(map, "min_length", 4, 64);
        if (reader.ErrorCount > errorsBefore) return null;
        return new AssignmentSpec
        {
            Keys = [.. keys.Select(k => k.Value)],
            NotAfter = [.. reader.Strings(map, "not_after").Select(k => k.Value)],
            NotEnding = [.. reader.Strings(map, "not_ending").Select(k => k.Value)],
            Calls = [.. calls.Select(c => c.Value)],
            Flags = [.. flags.Select(f => f.Value)],
            MinLength = (int)(min ?? 8),
        };
    }

    private static string? CompileAssignment(YamlReader reader, YamlNode node, AssignmentSpec spec)
    {
        try { return AssignmentGrammar.Compile(spec); }
        catch (ArgumentException e) { reader.Error(node, $"invalid assignment: {e.Message}"); return null; }
    }

    [GeneratedRegex(@"^[A-Za-z0-9]+(?:[ _.-][A-Za-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex AssignmentKeyWord();

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_.$]*:[1-8]$", RegexOptions.CultureInvariant)]
    private static partial Regex AssignmentCall();

    [GeneratedRegex(@"^--?[A-Za-z][A-Za-z0-9-]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex AssignmentFlag();

    private static RotationGuide? ReadRotation(YamlReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "a rotation guide", RotationKeys);
        if (map is null) return null;
        string? url = reader.String(map, "url", node, required: true);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "https"))
            reader.Error(map["url"], "'url' must be an absolute https URL of the provider's page");
        var steps = reader.Strings(map, "steps");
        var update = reader.Strings(map, "update");
        if (steps.Count == 0) reader.Error(map.GetValueOrDefault("steps") ?? node, "a rotation guide needs 'steps'");
        if (update.Count == 0) reader.Error(map.GetValueOrDefault("update") ?? node, "a rotation guide needs 'update': where consumers of the key must be updated");
        if (url is null || steps.Count == 0 || update.Count == 0) return null;
        return new RotationGuide
        {
            Url = url,
            Steps = [.. steps.Select(s => s.Value)],
            Update = [.. update.Select(s => s.Value)],
            Check = [.. reader.Strings(map, "check").Select(s => s.Value)],
            Docs = reader.String(map, "docs"),
        };
    }

    private static VerifySpec? ReadVerify(YamlReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "a verify block", VerifyKeys);
        if (map is null) return null;
        int errorsBefore = reader.ErrorCount;
        string? method = reader.String(map, "method", node, required: true);
        if (method is not null && !VerifyMethods.Contains(method))
            reader.Error(map["method"], $"'method' must be one of: {string.Join(", ", VerifyMethods)} (verification is read-only)");
        string? url = reader.String(map, "url", node, required: true);
        // The host is fixed so that no finding can steer where its own secret is sent.
        string? authority = url?.StartsWith("https://", StringComparison.Ordinal) == true ? url[8..].Split('/', '?', '#')[0] : null;
        if (url is not null && authority is not null && authority.Contains('{'))
            reader.Error(map["url"], "the host of 'url' must be fixed: a placeholder may appear only in the path or query");
        else if (url is not null && !(Uri.TryCreate(url.Replace("{", "").Replace("}", ""), UriKind.Absolute, out var uri) && uri.Scheme == "https"))
            reader.Error(map["url"], "'url' must be an absolute https URL of the provider's API");

        var headers = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        if (map.TryGetValue("headers", out var hNode))
        {
            if (hNode is not YamlMappingNode hMap) reader.Error(hNode, "'headers' must be a mapping of header name to value");
            else
                foreach (var (k, v) in hMap.Children)
                {
                    if (k is YamlScalarNode { Value: { Length: > 0 } name } && v is YamlScalarNode { Value: { } value }) headers[name] = value;
                    else reader.Error(k, "every header needs a name and a string value");
                }
        }
        (string, string)? basic = null;
        if (reader.Mapping(map.GetValueOrDefault("basic"), "'basic'", "user", "password") is { } b)
            basic = (reader.String(b, "user", map["basic"], required: true) ?? "", reader.String(b, "password") ?? "");
        string? signer = reader.String(map, "signer");
        if (signer is not null && !Signers.Contains(signer)) reader.Error(map["signer"], $"unknown signer '{signer}' (known: {string.Join(", ", Signers)})");

        ImmutableArray<int> Codes(string key, ImmutableArray<int> fallback)
        {
            if (!map.TryGetValue(key, out var n)) return fallback;
            var codes = new List<int>();
            foreach (var (text, item) in reader.Strings(map, key))
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code is >= 100 and <= 599) codes.Add(code);
                else reader.Error(item, $"'{key}' must list HTTP status codes (100-599)");
            return [.. codes];
        }
        string? Pattern(string key)
        {
            string? text = reader.String(map, key);
            if (text is null) return null;
            try { _ = Rule.CreateRegex(text); }
            catch (ArgumentException e) { reader.Error(map[key], $"invalid regex in '{key}': {e.Message}"); }
            return text;
        }
        var spec = new VerifySpec
        {
            Method = method ?? "GET",
            Url = url ?? "",
            Headers = headers.ToImmutable(),
            Basic = basic,
            Body = reader.String(map, "body"),
            Signer = signer,
            Live = Codes("live", [200]),
            Invalid = Codes("invalid", [401]),
            Quota = Codes("quota", [429]),
            Restricted = Codes("restricted", [403]),
            LiveBody = Pattern("live_body"),
            InvalidBody = Pattern("invalid_body"),
            Pair = [.. reader.Strings(map, "pair").Select(s => s.Value)],
        };
        // A body is for read-only RPC endpoints (Slack's auth.test, a GraphQL query); GET and HEAD never carry one.
        if (spec.Body is not null && spec.Method != "POST")
            reader.Error(map["body"], "'body' is only allowed with method POST (verification is read-only)");
        if (signer == "aws-sigv4" && spec.Pair.IsEmpty)
            reader.Error(map["signer"], "signer 'aws-sigv4' needs 'pair': the rule ids whose finding holds the access key id");
        return reader.ErrorCount > errorsBefore ? null : spec;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabCase();
}
