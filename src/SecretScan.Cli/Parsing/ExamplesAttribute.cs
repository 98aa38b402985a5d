namespace SecretScan.Cli.Parsing;

/// <summary>Command lines shown under "Examples" in a verb's help; each must run as written.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ExamplesAttribute(params string[] lines) : Attribute
{
    public IReadOnlyList<string> Lines { get; } = lines;

    /// <summary>The usage line, when the one derived from the positionals would mislead.</summary>
    public string? Usage { get; set; }
}
