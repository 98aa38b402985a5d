using System.Globalization;
using SecretScan.Core;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SecretScan.Rules;

/// <summary>
/// A problem in a rule or config file, always with its place: <c>path:line:col: error: rule 'id': message</c>.
/// </summary>
public sealed record RuleError(string Source, int Line, int Column, string? RuleId, string Message)
{
    public override string ToString() =>
        RuleId is null ? $"{Source}:{Line}:{Column}: error: {Message}" : $"{Source}:{Line}:{Column}: error: rule '{RuleId}': {Message}";
}

/// <summary>
/// Reads YAML through YamlDotNet's representation model rather than its object deserializer: every node keeps
/// its line and column, so any mistake (an unknown key, a bad regex three levels down) is reported where it is,
/// all mistakes are collected in one pass, and no reflection is involved (the CLI is Native-AOT compiled).
/// </summary>
internal sealed class YamlReader(string source, List<RuleError> errors)
{
    public string Source => source;
    public int ErrorCount => errors.Count;
    public string? CurrentRule { get; set; }

    public void Error(YamlNode? node, string message) => Error(node?.Start ?? Mark.Empty, message);

    public void Error(Mark mark, string message) =>
        errors.Add(new RuleError(source, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column), CurrentRule, message));

    /// <summary>
    /// Parses the text; on a syntax error records it with its position and returns null. The event stream is walked
    /// first to bound nesting: YamlDotNet builds nodes recursively, and 30,000 nested brackets would overflow the stack
    /// (a crash no catch can stop). Whatever else the library throws on malformed input becomes an error, not a trace.
    /// </summary>
    public YamlNode? Parse(string text)
    {
        Mark last = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(text));
            int depth = 0;
            while (parser.MoveNext())
            {
                if (parser.Current is not { } e) continue;
                last = e.Start;
                if (e is MappingStart or SequenceStart)
                {
                    if (++depth > InputLimits.MaxYamlDepth)
                    {
                        Error(e.Start, $"nested more than {InputLimits.MaxYamlDepth} levels deep; nothing this deep is valid here");
                        return null;
                    }
                }
                else if (e is MappingEnd or SequenceEnd) depth--;
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            string why = e.InnerException is { } inner && e.Message.StartsWith("Exception during", StringComparison.Ordinal) ? inner.Message : e.Message;
            Error(e.Start, why.Replace("\r", "").Replace("\n", " "));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException or NullReferenceException)
        {
            // YamlDotNet 18 throws InvalidOperationException on some unterminated quotes (printf "a: [x\n'y\n").
            Error(last, "malformed YAML (an unterminated quote or bracket near here)");
            return null;
        }
    }

    /// <summary>A mapping whose keys must all be known: an unknown key is an error, never silently ignored.</summary>
    public Dictionary<string, YamlNode>? Mapping(YamlNode? node, string what, params string[] allowed)
    {
        if (node is null) return null;
        if (node is not YamlMappingNode map) { Error(node, $"{what} must be a mapping"); return null; }
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            string key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(key))
                Error(keyNode, $"unknown key '{Quoting.Safe(key)}' in {what} (expected one of: {string.Join(", ", allowed)})");
            else if (!result.TryAdd(key, value))
                Error(keyNode, $"duplicate key '{Quoting.Safe(key)}'");
        }
        return result;
    }

    public string? String(Dictionary<string, YamlNode> map, string key, YamlNode? owner = null, bool required = false)
    {
        if (!map.TryGetValue(key, out YamlNode? node))
        {
            if (required) Error(owner, $"missing required key '{key}'");
            return null;
        }
        if (node is not YamlScalarNode { Value: { } value }) { Error(node, $"'{key}' must be a string"); return null; }
        if (required && string.IsNullOrWhiteSpace(value)) { Error(node, $"'{key}' must not be empty"); return null; }
        return value;
    }

    public List<(string Value, YamlNode Node)> Strings(Dictionary<string, YamlNode> map, string key)
    {
        var list = new List<(string, YamlNode)>();
        if (!map.TryGetValue(key, out YamlNode? node)) return list;
        if (node is YamlScalarNode { Value: { } single } && !string.IsNullOrEmpty(single)) { list.Add((single, node)); return list; }
        if (node is not YamlSequenceNode seq) { Error(node, $"'{key}' must be a list of strings"); return list; }
        foreach (YamlNode item in seq.Children)
        {
            if (item is YamlScalarNode { Value: { } v }) list.Add((v, item));
            else Error(item, $"every item of '{key}' must be a string");
        }
        return list;
    }

    public double? Number(Dictionary<string, YamlNode> map, string key, double min, double max)
    {
        if (!map.TryGetValue(key, out YamlNode? node)) return null;
        if (node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            if (value >= min && value <= max) return value;
            Error(node, $"'{key}' must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }
        Error(node, $"'{key}' must be a number");
        return null;
    }

    public bool? Bool(Dictionary<string, YamlNode> map, string key)
    {
        if (!map.TryGetValue(key, out YamlNode? node)) return null;
        if (node is YamlScalarNode { Value: "true" or "false" } s) return s.Value == "true";
        Error(node, $"'{key}' must be true or false");
        return null;
    }
}
