namespace SecretScan.Cli.Parsing;

/// <summary>
/// The verbs, in the order help lists them. A new verb is an options type in Options.cs plus a line here. A verb's
/// spec is read from its attributes only when that verb is used: reflecting over all nine on every start cost a
/// pre-commit hook several milliseconds for verbs it never runs.
/// </summary>
public static class Verbs
{
    private static readonly (string Name, Func<VerbSpec> Read)[] Table =
    [
        ("dir", VerbSpec.Of<DirOptions>),
        ("stdin", VerbSpec.Of<StdinOptions>),
        ("git", VerbSpec.Of<GitOptions>),
        ("staged", VerbSpec.Of<StagedOptions>),
        ("rules", VerbSpec.Of<RulesOptions>),
        ("baseline", VerbSpec.Of<BaselineOptions>),
        ("ignore", VerbSpec.Of<IgnoreOptions>),
        ("doctor", VerbSpec.Of<DoctorOptions>),
        ("purge-plan", VerbSpec.Of<PurgePlanOptions>),
    ];

    private static readonly VerbSpec?[] Specs = new VerbSpec?[Table.Length];

    public static IEnumerable<string> Names => Table.Select(t => t.Name);

    public static IReadOnlyList<VerbSpec> All => [.. Enumerable.Range(0, Table.Length).Select(Spec)];

    public static VerbSpec? Find(string name)
    {
        int i = Array.FindIndex(Table, t => t.Name == name);
        return i < 0 ? null : Spec(i);
    }

    public static bool IsScan(VerbSpec verb) => typeof(ScanOptions).IsAssignableFrom(verb.OptionsType);

    // Reading a spec twice from two threads gives equal specs: no lock needed.
    private static VerbSpec Spec(int i)
    {
        if (Specs[i] is { } known) return known;
        VerbSpec spec = Table[i].Read();
        if (spec.Name != Table[i].Name)
            throw new InvalidOperationException($"verb table says '{Table[i].Name}' but {spec.OptionsType.Name} is [Verb(\"{spec.Name}\")]");
        return Specs[i] = spec;
    }
}
