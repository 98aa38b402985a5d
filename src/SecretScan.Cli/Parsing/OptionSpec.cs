namespace SecretScan.Cli.Parsing;

/// <summary>What an option's property type says about its value on the command line.</summary>
public enum OptionKind
{
    /// <summary>A bool switch: no value.</summary>
    Switch,
    /// <summary>One text value.</summary>
    Value,
    /// <summary>One integer value, which may be negative (so "-1" is its value, not an option).</summary>
    Number,
    /// <summary>A value that may be given many times; each occurrence takes exactly one value.</summary>
    Repeatable,
}

/// <summary>One option of a verb, as its <c>[Option]</c> attribute declares it.</summary>
public sealed record OptionSpec(string LongName, char? ShortName, OptionKind Kind, string? MetaValue, string HelpText)
{
    public string Display => ShortName is char s ? $"-{s}, --{LongName}" : $"--{LongName}";

    public string DisplayWithValue => Kind == OptionKind.Switch ? Display : $"{Display} {MetaValue ?? "VALUE"}";

    public bool TakesValue => Kind != OptionKind.Switch;
}
