using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using CommandLine;

namespace SecretScan.Cli.Parsing;

/// <summary>
/// A verb as its options type declares it: name, options, positionals and examples, read from the same attributes
/// CommandLineParser binds from, so the checks in <see cref="ArgsGuard"/> and the help in <see cref="HelpPage"/> can
/// never disagree with the parser. The types are rooted for trimming (TrimmerRootAssembly), as the parser needs.
/// </summary>
public sealed record VerbSpec(string Name, string HelpText, Type OptionsType, IReadOnlyList<OptionSpec> Options,
    IReadOnlyList<PositionalSpec> Positionals, IReadOnlyList<string> Examples, string? Usage = null)
{
    /// <summary>How many positional values the verb takes; null when the last one is a sequence.</summary>
    public int? MaxPositionals => Positionals.Any(p => p.IsSequence) ? null : Positionals.Count;

    public OptionSpec? FindLong(string name) => Options.FirstOrDefault(o => o.LongName == name);

    public OptionSpec? FindShort(char name) => Options.FirstOrDefault(o => o.ShortName == name);

    public static VerbSpec Of<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>()
    {
        Type type = typeof(T);
        VerbAttribute verb = type.GetCustomAttribute<VerbAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} has no [Verb] attribute");
        var options = new List<OptionSpec>();
        var positionals = new List<(int Index, PositionalSpec Spec)>();
        foreach (PropertyInfo p in type.GetProperties())
        {
            if (p.GetCustomAttribute<OptionAttribute>() is { } o)
                options.Add(new OptionSpec(o.LongName, string.IsNullOrEmpty(o.ShortName) ? null : o.ShortName[0], KindOf(p), o.MetaValue, o.HelpText));
            else if (p.GetCustomAttribute<ValueAttribute>() is { } v)
                positionals.Add((v.Index, new PositionalSpec(v.MetaName, p.PropertyType != typeof(string), v.HelpText)));
        }
        ExamplesAttribute? examples = type.GetCustomAttribute<ExamplesAttribute>();
        return new VerbSpec(verb.Name, verb.HelpText, type, options, [.. positionals.OrderBy(p => p.Index).Select(p => p.Spec)],
            examples?.Lines ?? [], examples?.Usage);
    }

    private static OptionKind KindOf(PropertyInfo p) =>
        p.PropertyType == typeof(bool) ? OptionKind.Switch
        : p.PropertyType == typeof(int?) || p.PropertyType == typeof(int) ? OptionKind.Number
        : p.PropertyType == typeof(string) ? OptionKind.Value
        : p.PropertyType == typeof(IEnumerable<string>) ? OptionKind.Repeatable
        : throw new InvalidOperationException($"option --{p.Name}: unsupported type {p.PropertyType.Name} (use bool, string, int? or IEnumerable<string>)");
}
