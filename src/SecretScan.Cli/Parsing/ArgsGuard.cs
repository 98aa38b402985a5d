using System.Globalization;
using System.Text.RegularExpressions;

namespace SecretScan.Cli.Parsing;

/// <summary>
/// Checks a verb's arguments against its declaration before CommandLineParser sees them, for the mistakes the
/// parser lets through silently (STACK.md §6): a missing value takes the default, a repeatable option swallows
/// the path after it, extra paths are dropped. An unknown option is named before anything else is judged, since it
/// is usually the cause of whatever looks wrong next (<c>dir . --fromat json</c> is not "a second path").
/// <para>
/// The result is the same command line in a shape the parser cannot misread: positionals first, every value
/// attached with '=' (so "-1" stays a value), and each repeatable option given once per value.
/// </para>
/// </summary>
public static partial class ArgsGuard
{
    public static string[] Normalize(VerbSpec verb, IReadOnlyList<string> args)
    {
        var positionals = new List<string>();
        var options = new List<string>();
        string? deferred = null;   // the first non-"unknown option" problem, reported only if no option is unknown
        bool afterDashDash = false;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (afterDashDash || a == "-" || !a.StartsWith('-'))
            {
                positionals.Add(a);
                continue;
            }
            if (a == "--") { afterDashDash = true; continue; }

            (string display, OptionSpec? spec, string? inline) = Resolve(verb, a);
            if (spec is null) throw new UsageException(UnknownOption(verb, display));
            if (!spec.TakesValue)
            {
                if (inline is not null) deferred ??= $"option '--{spec.LongName}' is a switch and takes no value (got '{Mask(inline)}')";
                options.Add("--" + spec.LongName);
                continue;
            }
            string? value = inline;
            if (value is null && i + 1 < args.Count && IsValue(spec, args[i + 1])) value = args[++i];
            if (string.IsNullOrEmpty(value))
            {
                deferred ??= $"option '{display}' needs a value{(spec.MetaValue is null ? "" : $" ({spec.MetaValue})")}";
                continue;
            }
            options.Add($"--{spec.LongName}={value}");
        }
        if (deferred is not null) throw new UsageException(deferred);
        if (verb.MaxPositionals is int max && positionals.Count > max)
        {
            string what = verb.Positionals.Count == 0 ? "path" : verb.Positionals[^1].MetaName.ToLowerInvariant();
            throw new UsageException(max == 0
                ? $"'{verb.Name}' takes no {what}, but got '{positionals[0]}'"
                : $"'{verb.Name}' takes one {what}, but got another: '{positionals[max]}'");
        }
        // Positionals after "--" so one that starts with '-' is never read as an option; options before it.
        return [.. options, .. positionals.Count > 0 ? (string[])["--", .. positionals] : []];
    }

    /// <summary>The option an argument names, how to quote it, and a value attached with '=' or (short form) directly.</summary>
    private static (string Display, OptionSpec? Spec, string? Inline) Resolve(VerbSpec verb, string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            int eq = arg.IndexOf('=');
            string name = eq > 0 ? arg[2..eq] : arg[2..];
            return ("--" + name, verb.FindLong(name), eq > 0 ? arg[(eq + 1)..] : null);
        }
        OptionSpec? shortSpec = verb.FindShort(arg[1]);
        string? rest = arg.Length > 2 ? arg[2..] : null;
        if (shortSpec is { TakesValue: false } && rest is not null) return (arg, null, null);   // "-qv" bundling is not supported
        if (rest is not null && rest.StartsWith('=')) rest = rest[1..];
        return (arg[..2], shortSpec, rest);
    }

    private static bool IsValue(OptionSpec spec, string next) =>
        next == "-" || !next.StartsWith('-') || (spec.Kind == OptionKind.Number && NegativeNumber().IsMatch(next));

    private static string UnknownOption(VerbSpec verb, string display)
    {
        string name = display.TrimStart('-');
        string? nearest = Suggest.Nearest(name, verb.Options.Select(o => o.LongName));
        string hint = nearest is null ? $"see 'secretscan {verb.Name} --help'" : $"did you mean '--{nearest}'?";
        return $"unknown option '{Mask(display)}' for '{verb.Name}' ({hint})";
    }

    /// <summary>An argument might be a pasted secret: quote at most a short prefix of anything long.</summary>
    public static string Mask(string text) => text.Length <= 24 ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..12]}… ({text.Length} characters)");

    [GeneratedRegex(@"^-\d+$")]
    private static partial Regex NegativeNumber();
}
