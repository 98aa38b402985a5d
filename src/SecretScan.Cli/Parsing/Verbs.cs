namespace SecretScan.Cli.Parsing;

/// <summary>The verbs, in the order help lists them. A new verb is an options type in Options.cs plus a line here.</summary>
public static class Verbs
{
    public static IReadOnlyList<VerbSpec> All { get; } =
    [
        VerbSpec.Of<DirOptions>(),
        VerbSpec.Of<StdinOptions>(),
        VerbSpec.Of<GitOptions>(),
        VerbSpec.Of<StagedOptions>(),
        VerbSpec.Of<RulesOptions>(),
        VerbSpec.Of<BaselineOptions>(),
        VerbSpec.Of<IgnoreOptions>(),
    ];

    public static VerbSpec? Find(string name) => All.FirstOrDefault(v => v.Name == name);

    public static bool IsScan(VerbSpec verb) => typeof(ScanOptions).IsAssignableFrom(verb.OptionsType);
}
