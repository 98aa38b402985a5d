using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace SecretScan.Core;

/// <summary>
/// A validated detection rule. Built by SecretScan.Rules from its loose YAML shape (<c>RuleDefinition</c>);
/// immutable and safe to share between threads. The regex is built on first use only, so a scan pays
/// construction for the rules whose keywords actually occur (start-up cost is hook latency).
/// <para>
/// A record, so a config override is a <c>with</c> expression. <see cref="Pattern"/> has no setter: a copy keeps the
/// pattern, so sharing the lazily built regex between copies is always right.
/// </para>
/// </summary>
public sealed record Rule
{
    private readonly Lazy<Regex> _regex;

    public Rule(string id, string pattern, IEnumerable<string> keywords, RotationGuide rotation)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Id = id;
        Pattern = pattern;
        Keywords = [.. keywords];
        Rotation = rotation;
        _regex = new Lazy<Regex>(() => CreateRegex(Pattern), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>A bound on one regex call: a pathological user pattern must not hang a commit.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public static Regex CreateRegex(string pattern) =>
        PrebuiltRegexes.Find(pattern) ?? new(pattern, Options, MatchTimeout);

    /// <summary>The options of every rule regex (the build-time ones are generated with the same).</summary>
    public const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Multiline;

    public string Id { get; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string Provider { get; init; } = "";
    public Severity Severity { get; init; } = Severity.High;
    public string Precision { get; init; } = "high";
    /// <summary>Context-based detectors (<c>password = …</c>): a provider rule matching the same text wins.</summary>
    public bool Generic { get; init; }
    public ImmutableArray<string> Keywords { get; }
    public string Pattern { get; }
    /// <summary>Group name, or a group number as text; null picks <c>secret</c>, else group 1, else the match.</summary>
    public string? SecretGroup { get; init; }
    public double? MinEntropy { get; init; }
    public string? Checksum { get; init; }
    /// <summary>How far past a keyword hit a match may extend.</summary>
    public int Window { get; init; } = DefaultWindow;

    public const int DefaultWindow = 512;

    /// <summary>
    /// Whether a match may run past the end of its keyword's line. Only rules that set their own <c>window</c>
    /// (PEM blocks, JSON key files) span lines: keeping every other rule to its line means a keyword on every line
    /// of a file does not turn into one window over the whole file.
    /// </summary>
    public bool SpansLines { get; init; }

    /// <summary>
    /// For a rule that does not span lines: its value may sit on the line after its key when that line ends in a
    /// YAML block-scalar indicator (<c>password: |</c>). Only then does its window take the next line too; a
    /// window over every line within reach of a common keyword made the generic rules a third of a directory scan.
    /// </summary>
    public bool ValueOnNextLine { get; init; }
    public PathFilter? Paths { get; init; }
    public ImmutableArray<Regex> AllowRegexes { get; init; } = [];
    public ImmutableArray<string> AllowStopwords { get; init; } = [];
    public RotationGuide Rotation { get; }
    /// <summary>The read-only request that tells whether a found credential is live; null when the provider has none.</summary>
    public VerifySpec? Verify { get; init; }
    /// <summary>Where the rule was defined (a file path, or <c>builtin:aws.yaml</c>).</summary>
    public string Source { get; init; } = "";

    public Regex Regex => _regex.Value;

    public override string ToString() => Id;
}
