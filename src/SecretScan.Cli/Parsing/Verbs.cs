namespace SecretScan.Cli.Parsing;

/// <summary>
/// The verbs, in the order help lists them. A new verb is an options type in Options.cs plus a line here. A verb's
/// spec is read from its attributes only when that verb is used: reflecting over all nine on every start cost a
/// pre-commit hook several milliseconds for verbs it never runs.
/// </summary>
public static class Verbs
{
    private static readonly (string Name, Type Options, Func<VerbSpec> Read)[] Table =
    [
        ("dir", typeof(DirOptions), VerbSpec.Of<DirOptions>),
        ("stdin", typeof(StdinOptions), VerbSpec.Of<StdinOptions>),
        ("git", typeof(GitOptions), VerbSpec.Of<GitOptions>),
        ("staged", typeof(StagedOptions), VerbSpec.Of<StagedOptions>),
        ("rules", typeof(RulesOptions), VerbSpec.Of<RulesOptions>),
        ("baseline", typeof(BaselineOptions), VerbSpec.Of<BaselineOptions>),
        ("ignore", typeof(IgnoreOptions), VerbSpec.Of<IgnoreOptions>),
        ("doctor", typeof(DoctorOptions), VerbSpec.Of<DoctorOptions>),
        ("purge-plan", typeof(PurgePlanOptions), VerbSpec.Of<PurgePlanOptions>),
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

    /// <summary>
    /// Whether the verb named <paramref name="name"/> runs a scan (baseline and ignore run one after their own
    /// arguments), told from the table alone: reading a verb's spec and binding its options is the slow part of
    /// reading a command line, and the rules can load on the other core meanwhile.
    /// </summary>
    public static bool Scans(string name) =>
        Array.FindIndex(Table, t => t.Name == name) is int i and >= 0
        && (typeof(ScanOptions).IsAssignableFrom(Table[i].Options) || Table[i].Options == typeof(BaselineOptions) || Table[i].Options == typeof(IgnoreOptions));

    // Reading a spec twice from two threads gives equal specs: no lock needed.
    private static VerbSpec Spec(int i)
    {
        if (Specs[i] is { } known) return known;
        VerbSpec spec = Table[i].Read();
        if (spec.Name != Table[i].Name || spec.OptionsType != Table[i].Options)
            throw new InvalidOperationException($"verb table says '{Table[i].Name}' but {spec.OptionsType.Name} is [Verb(\"{spec.Name}\")]");
        return Specs[i] = spec;
    }
}
