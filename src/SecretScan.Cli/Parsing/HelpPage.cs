using System.Text;

namespace SecretScan.Cli.Parsing;

/// <summary>
/// Help rendered from the declarations: a usage line, each option with its placeholder and default, examples and the
/// exit codes. Written by us rather than CommandLineParser's HelpText, which has no usage line, no exit codes and
/// prints the defaults of nullable options as nothing.
/// </summary>
public static class HelpPage
{
    private const int Width = 100;

    public static string ExitCodesText =>
        $"""
        Exit codes:
          {ExitCodes.Clean}    no secrets found (or a command other than a scan succeeded)
          {ExitCodes.Findings}    secrets found (change it with --exit-code)
          {ExitCodes.Error}    bad arguments, rules or config: nothing was scanned, or the scan failed
          {ExitCodes.Cancelled}  cancelled (Ctrl-C)
        """;

    public static string General(IReadOnlyList<VerbSpec> verbs, string version)
    {
        var sb = new StringBuilder();
        sb.Append("secretscan ").Append(version).Append(" - finds secrets (API keys, tokens, private keys) before they are committed or pushed\n\n");
        sb.Append("Usage: secretscan COMMAND [OPTIONS] [ARGS]\n\nCommands:\n");
        int width = verbs.Max(v => v.Name.Length) + 2;
        foreach (VerbSpec v in verbs) AppendWrapped(sb, "  " + v.Name.PadRight(width), v.HelpText);
        AppendWrapped(sb, "  " + "help".PadRight(width), "Show this help, or a command's: 'secretscan help COMMAND' (same as 'secretscan COMMAND --help').");
        AppendWrapped(sb, "  " + "version".PadRight(width), "Show the version (also --version).");
        sb.Append("\nExamples:\n");
        sb.Append("  secretscan staged                          the pre-commit check (what hooks/pre-commit runs)\n");
        sb.Append("  secretscan dir .                           every file under the current folder\n");
        sb.Append("  secretscan git --since origin/main         the commits of a pull request\n\n");
        sb.Append(ExitCodesText).Append('\n');
        return sb.ToString();
    }

    public static string ForVerb(VerbSpec verb)
    {
        var sb = new StringBuilder();
        sb.Append("Usage: ").Append(UsageLine(verb)).Append("\n\n");
        AppendWrapped(sb, "", verb.HelpText);
        if (verb.Positionals.Count > 0)
        {
            sb.Append("\nArguments:\n");
            int w = verb.Positionals.Max(p => p.MetaName.Length) + 2;
            foreach (PositionalSpec p in verb.Positionals) AppendWrapped(sb, "  " + p.MetaName.PadRight(w), p.HelpText);
        }
        sb.Append("\nOptions:\n");
        var rows = verb.Options.Select(o => ("  " + o.DisplayWithValue, o.HelpText)).Append(("  -h, --help", "Show this help.")).ToList();
        int width = rows.Max(r => r.Item1.Length) + 2;
        foreach (var (left, text) in rows) AppendWrapped(sb, left.PadRight(width), text);
        if (verb.Examples.Count > 0)
        {
            sb.Append("\nExamples:\n");
            foreach (string e in verb.Examples) sb.Append("  ").Append(e).Append('\n');
        }
        sb.Append('\n').Append(ExitCodesText).Append('\n');
        return sb.ToString();
    }

    public static string UsageLine(VerbSpec verb)
    {
        if (verb.Usage is not null) return verb.Usage;
        var sb = new StringBuilder("secretscan ").Append(verb.Name).Append(" [OPTIONS]");
        foreach (PositionalSpec p in verb.Positionals)
            sb.Append(p.IsSequence ? $" [{p.MetaName}...]" : $" [{p.MetaName}]");
        return sb.ToString();
    }

    /// <summary>Hanging indent: the text starts after <paramref name="left"/> and wraps under itself.</summary>
    private static void AppendWrapped(StringBuilder sb, string left, string text)
    {
        int indent = Math.Min(left.Length, 40);
        string pad = new(' ', indent);
        var line = new StringBuilder(left);
        if (left.Length > indent) { sb.Append(left).Append('\n'); line.Clear().Append(pad); }
        bool first = true;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!first && line.Length + 1 + word.Length > Width) { sb.Append(line.ToString().TrimEnd()).Append('\n'); line.Clear().Append(pad); first = true; }
            if (!first) line.Append(' ');
            line.Append(word);
            first = false;
        }
        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
