using CommandLine;

namespace SecretScan.Cli.Parsing;

/// <summary>
/// The small wrapper around CommandLineParser: help, version and verb dispatch are ours (so they can say what users
/// need: usage, examples, the nearest verb), the shape of the arguments is checked by <see cref="ArgsGuard"/> from
/// the declarations, and the parser binds the normalised arguments to the verb's options type.
/// </summary>
public static class CommandLineReader
{
    private static readonly string[] HelpFlags = ["-h", "--help"];

    public static ParsedCommandLine Read(IReadOnlyList<string> args, string version)
    {
        if (args.Count == 0) return new ShowText("secretscan: error: no command given\n\n" + HelpPage.General(Verbs.All, version), IsError: true);
        string first = args[0];
        if (first is "--version" or "version") return new ShowText($"secretscan {version}\n");
        if (first is "-h" or "--help" or "help")
        {
            if (args.Count == 1) return new ShowText(HelpPage.General(Verbs.All, version));
            return new ShowText(HelpPage.ForVerb(FindVerb(args[1])));
        }
        VerbSpec verb = FindVerb(first);
        IReadOnlyList<string> rest = [.. args.Skip(1)];
        if (AsksForHelp(rest)) return new ShowText(HelpPage.ForVerb(verb));
        if (verb.OptionsType == typeof(BaselineOptions)) return ReadBaseline(verb, rest, version);
        if (verb.OptionsType == typeof(IgnoreOptions)) return ReadIgnore(verb, rest, version);
        return new Invocation(Bind(verb, rest));
    }

    private static VerbSpec FindVerb(string name)
    {
        if (Verbs.Find(name) is { } verb) return verb;
        string list = string.Join(", ", Verbs.Names);
        if (name.StartsWith('-')) throw new UsageException($"unknown option '{ArgsGuard.Mask(name)}': give a command first ({list}); see 'secretscan --help'");
        string? nearest = Suggest.Nearest(name, Verbs.Names);
        string hint = nearest is null ? "" : $"; did you mean '{nearest}'?";
        throw new UsageException($"unknown command '{ArgsGuard.Mask(name)}' (commands: {list}){hint}");
    }

    /// <summary>-h or --help before any "--", and before a baseline's scan command has its own say.</summary>
    private static bool AsksForHelp(IReadOnlyList<string> args)
    {
        foreach (string a in args)
        {
            if (a == "--") return false;
            if (HelpFlags.Contains(a)) return true;
            if (Verbs.Names.Contains(a)) return false;
        }
        return false;
    }

    private static object Bind(VerbSpec verb, IReadOnlyList<string> args)
    {
        string[] normalized = ArgsGuard.Normalize(verb, args);
        using var parser = new Parser(s =>
        {
            s.HelpWriter = null;          // help is HelpPage's job; errors become one line below
            s.AutoHelp = false;
            s.AutoVersion = false;
            s.AllowMultiInstance = true;  // repeatable options arrive once per value
            s.EnableDashDash = true;      // ArgsGuard puts positionals after "--"
        });
        // Only the verb's own type: the parser would otherwise reflect over every verb's options to pick this one.
        ParserResult<object> result = parser.ParseArguments([verb.Name, .. normalized], [verb.OptionsType]);
        if (result is Parsed<object> parsed) return parsed.Value;
        Error error = ((NotParsed<object>)result).Errors.First();
        throw new UsageException(Describe(verb, error, normalized));
    }

    private static string Describe(VerbSpec verb, Error error, string[] normalized) => error switch
    {
        BadFormatConversionError { NameInfo: var n } => $"option '--{n.LongName}': '{ArgsGuard.Mask(ValueOf(n.LongName, normalized))}' is not a {(verb.FindLong(n.LongName)?.Kind == OptionKind.Number ? "whole number" : "valid value")}",
        NamedError { NameInfo: var n } => $"option '--{n.LongName}': {error.Tag}",
        TokenError { Token: var t } => $"'{ArgsGuard.Mask(t)}': {error.Tag}",
        _ => $"cannot read the arguments of '{verb.Name}' ({error.Tag}); see 'secretscan {verb.Name} --help'",
    };

    private static string ValueOf(string longName, string[] normalized) =>
        normalized.FirstOrDefault(a => a.StartsWith($"--{longName}=", StringComparison.Ordinal))?[(longName.Length + 3)..] ?? "";

    /// <summary>Options before the scan verb are the baseline's own; the scan command is read like any other.</summary>
    private static ParsedCommandLine ReadBaseline(VerbSpec verb, IReadOnlyList<string> args, string version)
    {
        int scanAt = ScanCommandStart(verb, args);
        IReadOnlyList<string> head = scanAt < 0 ? args : [.. args.Take(scanAt)];
        var options = (BaselineOptions)Bind(verb, head);
        if (options.Action is not ("create" or "update"))
            throw new UsageException(options.Action is null ? "'baseline' needs an action: create or update (see 'secretscan baseline --help')" : $"unknown baseline action '{ArgsGuard.Mask(options.Action)}' (expected create or update)");
        if (options.AddNew && options.Action != "update") throw new UsageException("--add-new belongs to 'baseline update'");
        string needs = $"'baseline {options.Action}' needs a scan command after it, e.g. 'secretscan baseline {options.Action} dir .'";
        if (scanAt < 0 || Verbs.Find(args[scanAt]) is not { } scanVerb || !Verbs.IsScan(scanVerb)) throw new UsageException(needs);
        return Read([.. args.Skip(scanAt)], version) switch
        {
            Invocation { Options: ScanOptions scan } => new BaselineInvocation(options, scan),
            ShowText help => help,
            _ => throw new UsageException(needs),
        };
    }

    /// <summary>The fingerprint, then optionally the scan command that reports it; without one, the current folder.</summary>
    private static ParsedCommandLine ReadIgnore(VerbSpec verb, IReadOnlyList<string> args, string version)
    {
        int scanAt = ScanCommandStart(verb, args);
        IReadOnlyList<string> head = scanAt < 0 ? args : [.. args.Take(scanAt)];
        var options = (IgnoreOptions)Bind(verb, head);
        if (options.Fingerprint is null) throw new UsageException("'ignore' needs the finding's fingerprint (the 'id' line of the text report), e.g. 'secretscan ignore 3f9a0c1e --reason \"test key\"'");
        if (string.IsNullOrWhiteSpace(options.Reason)) throw new UsageException("'ignore' needs --reason \"…\": the baseline keeps why a finding was accepted");
        if (scanAt >= 0 && (Verbs.Find(args[scanAt]) is not { } scanVerb || !Verbs.IsScan(scanVerb)))
            throw new UsageException($"'{ArgsGuard.Mask(args[scanAt])}' is not a scan command (dir, git, staged or stdin)");
        return Read(scanAt < 0 ? ["dir", "."] : [.. args.Skip(scanAt)], version) switch
        {
            Invocation { Options: ScanOptions scan } => new IgnoreInvocation(options, scan),
            ShowText help => help,
            _ => throw new UsageException("'ignore' takes a scan command after the fingerprint, e.g. 'git .'"),
        };
    }

    /// <summary>Where the scan command starts: the second positional argument, skipping this verb's options and their values.</summary>
    private static int ScanCommandStart(VerbSpec verb, IReadOnlyList<string> args)
    {
        int positionals = 0;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a.StartsWith('-') && a != "-")
            {
                OptionSpec? spec = a.StartsWith("--", StringComparison.Ordinal) ? verb.FindLong(a[2..]) : a.Length == 2 ? verb.FindShort(a[1]) : null;
                if (spec is { TakesValue: true } && !a.Contains('=', StringComparison.Ordinal)) i++;
                continue;
            }
            if (++positionals == 2) return i;
        }
        return -1;
    }
}
