namespace SecretScan.Cli;

/// <summary>
/// Checks the raw arguments before CommandLineParser sees them, for the mistakes it lets through silently
/// (STACK.md §6): an option whose value is missing takes its default, a repeatable option swallows the path after
/// it, and extra paths are dropped. Each would run a scan other than the one the user asked for.
/// </summary>
public static class ArgsGuard
{
    private static readonly HashSet<string> ValueOptions =
    [
        "-f", "--format", "-o", "--output", "--rules", "--config", "-x", "--exclude", "--exit-code", "--threads", "--max-file-size",
        "--path-hint", "--report", "--sarif-category", "--baseline", "--branch", "--since", "--max-commits", "--repo", "--verify-timeout",
    ];

    /// <summary>Repeatable options: taken out of the argument list here and handed back, so they cannot swallow a path.</summary>
    private static readonly HashSet<string> Repeatable = ["--rules", "-x", "--exclude", "--report", "--branch"];

    /// <summary>Verbs and how many positional values each takes (-1: any number).</summary>
    private static readonly Dictionary<string, int> Positionals = new()
    {
        ["dir"] = 1, ["stdin"] = 0, ["git"] = 1, ["staged"] = 0, ["rules"] = -1, ["baseline"] = -1,
    };

    public sealed record Result(string[] Args, Dictionary<string, List<string>> Repeated, string? Error);

    public static Result Check(string[] args)
    {
        var repeated = new Dictionary<string, List<string>>();
        if (args.Length == 0 || !Positionals.TryGetValue(args[0], out int maxPositionals)) return new(args, repeated, null);
        var rest = new List<string> { args[0] };
        int positionals = 0;
        bool afterDashDash = false;
        for (int i = 1; i < args.Length; i++)
        {
            string a = args[i];
            if (afterDashDash || a == "-" || !a.StartsWith('-'))
            {
                positionals++;
                if (maxPositionals >= 0 && positionals > maxPositionals)
                    return new(args, repeated, maxPositionals == 0 ? $"'{args[0]}' takes no path, but got '{a}'" : $"'{args[0]}' takes one path, but got another: '{a}'");
                rest.Add(a);
                continue;
            }
            if (a == "--") { afterDashDash = true; rest.Add(a); continue; }
            string name = a, value = "";
            bool inline = false;
            int eq = a.IndexOf('=');
            if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0) { name = a[..eq]; value = a[(eq + 1)..]; inline = true; }
            else if (!a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2 && ValueOptions.Contains(a[..2])) { name = a[..2]; value = a[2..]; inline = true; }
            if (!ValueOptions.Contains(name)) { rest.Add(a); continue; }
            if (!inline)
            {
                if (i + 1 >= args.Length || (args[i + 1].StartsWith('-') && args[i + 1] != "-"))
                    return new(args, repeated, $"option '{name}' needs a value");
                value = args[++i];
            }
            if (value.Length == 0) return new(args, repeated, $"option '{name}' needs a value");
            string key = name switch { "-x" => "--exclude", _ => name };
            if (Repeatable.Contains(name))
            {
                if (!repeated.TryGetValue(key, out var list)) repeated[key] = list = [];
                list.Add(value);
            }
            else
            {
                rest.Add(name);
                rest.Add(value);
            }
        }
        return new([.. rest], repeated, null);
    }
}
