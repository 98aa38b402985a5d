using CommandLine;

namespace SecretScan.Cli;

/// <summary>Options every scan verb shares. Kebab-case throughout; values are validated in <see cref="ArgsGuard"/>.</summary>
public abstract class ScanOptions
{
    [Option('f', "format", HelpText = "Report format: text, json, sarif, junit, github (Actions annotations).")]
    public string? Format { get; set; }

    [Option('o', "output", HelpText = "Write the report to FILE (created owner-only) instead of standard output.")]
    public string? Output { get; set; }

    [Option("report", HelpText = "Also write a report as FORMAT=PATH, e.g. sarif=results.sarif ('-' is standard output). Repeatable.")]
    public IEnumerable<string> Reports { get; set; } = [];

    [Option("sarif-category", HelpText = "SARIF runAutomationDetails.id (code scanning's category); default secretscan/<scan kind>/.")]
    public string? SarifCategory { get; set; }

    [Option("rules", HelpText = "Extra rule file (YAML), on top of the defaults; a rule with a default's id replaces it. Repeatable.")]
    public IEnumerable<string> Rules { get; set; } = [];

    [Option("config", HelpText = "Config file to use instead of the scan root's .secretscan.yaml.")]
    public string? Config { get; set; }

    [Option("no-config", HelpText = "Ignore the scan root's .secretscan.yaml (for untrusted repositories; combine with --config).")]
    public bool NoConfig { get; set; }

    [Option('x', "exclude", HelpText = "Glob of paths not to scan (FileSystemGlobbing syntax). Repeatable.")]
    public IEnumerable<string> Exclude { get; set; } = [];

    [Option("reveal", HelpText = "Show secrets in clear. They are masked in every output by default.")]
    public bool Reveal { get; set; }

    [Option("no-color", HelpText = "No ANSI colour (NO_COLOR is honoured too).")]
    public bool NoColor { get; set; }

    [Option('q', "quiet", HelpText = "No diagnostics or progress on stderr, no summary when clean.")]
    public bool Quiet { get; set; }

    [Option('v', "verbose", HelpText = "Also list skipped binary and oversized files.")]
    public bool Verbose { get; set; }

    [Option("exit-code", HelpText = "Exit code when secrets are found (default 1).")]
    public int? ExitCode { get; set; }

    [Option("threads", HelpText = "Worker threads (default: one per core).")]
    public int? Threads { get; set; }

    [Option("max-file-size", HelpText = "Skip files larger than this, e.g. 10MB (default), 512KB.")]
    public string? MaxFileSize { get; set; }

    [Option("no-inline-allow", HelpText = "Ignore secretscan:allow and gitleaks:allow markers (for audits).")]
    public bool NoInlineAllow { get; set; }

    [Option("baseline", HelpText = "Baseline file: findings it records are held back, only new ones are reported.")]
    public string? Baseline { get; set; }

    [Option("report-unused", HelpText = "List baseline entries that matched nothing.")]
    public bool ReportUnused { get; set; }

    [Option("verify", HelpText = "Ask each finding's provider, with one read-only HTTPS request, whether the key is live (network; off by default).")]
    public bool Verify { get; set; }

    [Option("verify-timeout", HelpText = "Seconds to wait for each verification answer (default 5).")]
    public string? VerifyTimeout { get; set; }

    [Option("only-verified", HelpText = "Report only findings whose provider says the key is live (implies --verify).")]
    public bool OnlyVerified { get; set; }
}

[Verb("dir", HelpText = "Scan every file under a folder (default: the current folder), skipping .git.")]
public sealed class DirOptions : ScanOptions
{
    [Value(0, MetaName = "PATH", HelpText = "Folder or file to scan.")]
    public string? Path { get; set; }
}

[Verb("stdin", HelpText = "Scan standard input.")]
public sealed class StdinOptions : ScanOptions
{
    [Option("path-hint", HelpText = "Name standard input in reports (and for path-based rules), e.g. config/.env.")]
    public string? PathHint { get; set; }
}

[Verb("git", HelpText = "Scan git history: every file version and commit message reachable from all refs (branches, tags, remotes, stash), each blob once.")]
public sealed class GitOptions : ScanOptions
{
    [Value(0, MetaName = "PATH", HelpText = "The repository, or any folder inside it (default: the current folder). Bare repositories work too.")]
    public string? Path { get; set; }

    [Option("branch", HelpText = "Scan only commits reachable from REF (a branch, tag or commit) instead of all refs. Repeatable.")]
    public IEnumerable<string> Branch { get; set; } = [];

    [Option("since", HelpText = "Scan only commits not reachable from REV, e.g. the target branch of a pull request.")]
    public string? Since { get; set; }

    [Option("max-commits", HelpText = "Scan at most the N most recent commits.")]
    public int? MaxCommits { get; set; }
}

[Verb("staged", HelpText = "Scan what the next commit adds (the git index against HEAD): the pre-commit check.")]
public sealed class StagedOptions : ScanOptions
{
    [Option("repo", HelpText = "The repository, or any folder inside it (default: the current folder).")]
    public string? Repo { get; set; }
}

[Verb("rules", HelpText = "Rules: 'rules list' shows every rule; 'rules check [FILE...]' compiles them and runs every example.")]
public sealed class RulesOptions
{
    [Value(0, MetaName = "ACTION", HelpText = "list or check.")]
    public string? Action { get; set; }

    [Value(1, MetaName = "FILE", HelpText = "Rule files to check (default: the built-in rules and --rules).")]
    public IEnumerable<string> Files { get; set; } = [];

    [Option("rules", HelpText = "Extra rule file on top of the defaults. Repeatable.")]
    public IEnumerable<string> Rules { get; set; } = [];

    [Option("config", HelpText = "Config file whose rules, disables and overrides apply.")]
    public string? Config { get; set; }

    [Option("no-config", HelpText = "Ignore ./.secretscan.yaml.")]
    public bool NoConfig { get; set; }
}

[Verb("baseline", HelpText = "'baseline create [--output FILE] <scan command>': record the findings of a scan (e.g. 'baseline create dir .') as accepted.")]
public sealed class BaselineOptions
{
    [Value(0, MetaName = "ACTION", HelpText = "create.")]
    public string? Action { get; set; }

    [Value(1, MetaName = "SCAN", HelpText = "The scan whose findings are recorded: dir [PATH], git [PATH], staged, stdin, with their options.")]
    public IEnumerable<string> Scan { get; set; } = [];

    [Option('o', "output", HelpText = "Baseline file to write (default .secretscan-baseline.json).")]
    public string? Output { get; set; }
}
