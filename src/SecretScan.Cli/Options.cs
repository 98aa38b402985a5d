using CommandLine;
using SecretScan.Cli.Parsing;

namespace SecretScan.Cli;

// The one declaration of every verb and option. The argument checks (ArgsGuard), the help text (HelpPage) and the
// parser all read these attributes: adding an option is adding a property here, nothing else.
// Conventions: kebab-case names; MetaValue is the placeholder shown in help; "(default …)" ends the help text;
// a value option is string or int?; a repeatable one is IEnumerable<string>; a switch is bool.

/// <summary>Options every scan verb shares.</summary>
public abstract class ScanOptions
{
    [Option('f', "format", MetaValue = "FORMAT", HelpText = "Report format: text, json, sarif, junit, github (Actions annotations), html (one self-contained page), jsonl, csv (default: the config's format, else text).")]
    public string? Format { get; set; }

    [Option('o', "output", MetaValue = "FILE", HelpText = "Write the report to FILE (created owner-only) (default: standard output).")]
    public string? Output { get; set; }

    [Option("report", MetaValue = "FORMAT=PATH", HelpText = "Also write a report as FORMAT=PATH, e.g. sarif=results.sarif ('-' is standard output). Repeatable.")]
    public IEnumerable<string> Reports { get; set; } = [];

    [Option("sarif-category", MetaValue = "ID", HelpText = "SARIF runAutomationDetails.id (code scanning's category) (default: secretscan/<scan kind>/).")]
    public string? SarifCategory { get; set; }

    [Option("rules", MetaValue = "FILE", HelpText = "Extra rule file (YAML), on top of the defaults; a rule with a default's id replaces it. Repeatable.")]
    public IEnumerable<string> Rules { get; set; } = [];

    [Option("config", MetaValue = "FILE", HelpText = "Config file to use instead of the scan root's .secretscan.yaml.")]
    public string? Config { get; set; }

    [Option("no-config", HelpText = "Ignore the scan root's .secretscan.yaml (for untrusted repositories; combine with --config).")]
    public bool NoConfig { get; set; }

    [Option('x', "exclude", MetaValue = "GLOB", HelpText = "Glob of paths not to scan (FileSystemGlobbing syntax). Repeatable.")]
    public IEnumerable<string> Exclude { get; set; } = [];

    [Option("reveal", HelpText = "Show secrets in clear, also in commit summaries. They are masked in every output by default.")]
    public bool Reveal { get; set; }

    [Option("redact", MetaValue = "N", HelpText = "Show the first N percent of each secret, 0 to 100, the rest as stars (100 is --reveal). N is the share SHOWN, unlike gitleaks' --redact, where it is the share hidden (default: a prefix of at most 4 characters).")]
    public int? Redact { get; set; }

    [Option("no-color", HelpText = "No ANSI colour (NO_COLOR is honoured too).")]
    public bool NoColor { get; set; }

    [Option('q', "quiet", HelpText = "No diagnostics or progress on stderr, no summary when clean.")]
    public bool Quiet { get; set; }

    [Option('v', "verbose", HelpText = "Also list skipped binary and oversized files.")]
    public bool Verbose { get; set; }

    [Option("exit-code", MetaValue = "N", HelpText = "Exit code when secrets are found, 0 to 255 (default: 1).")]
    public int? ExitCode { get; set; }

    [Option("threads", MetaValue = "N", HelpText = "Worker threads; 0 is one per core (default: 0).")]
    public int? Threads { get; set; }

    [Option("max-decode-depth", MetaValue = "N", HelpText = "Layers of encoding (base64, hex, escapes, entities, percent) to look through; 0 turns decoding off (default: 2).")]
    public int? MaxDecodeDepth { get; set; }

    [Option("max-file-size", MetaValue = "SIZE", HelpText = "Skip files larger than SIZE, e.g. 512KB, 10MB (default: 10MB).")]
    public string? MaxFileSize { get; set; }

    [Option("no-inline-allow", HelpText = "Ignore secretscan:allow and gitleaks:allow markers (for audits).")]
    public bool NoInlineAllow { get; set; }

    [Option("baseline", MetaValue = "FILE", HelpText = "Baseline file: findings it records are held back, only new ones are reported (default: the config's baseline).")]
    public string? Baseline { get; set; }

    [Option("min-confidence", MetaValue = "LEVEL", HelpText = "Report findings of this confidence and up: high, medium or low (default: medium, also in the pre-commit hook).")]
    public string? MinConfidence { get; set; }

    [Option("report-unused", HelpText = "List baseline entries that matched nothing.")]
    public bool ReportUnused { get; set; }

    [Option("verify", HelpText = "Ask each finding's provider, with one read-only HTTPS request, whether the key is live (network; off by default).")]
    public bool Verify { get; set; }

    [Option("verify-timeout", MetaValue = "SECONDS", HelpText = "Seconds to wait for each verification answer (default: 5).")]
    public string? VerifyTimeout { get; set; }

    [Option("only-verified", HelpText = "Report only findings whose provider says the key is live (implies --verify).")]
    public bool OnlyVerified { get; set; }
}

[Verb("dir", HelpText = "Scan every file under a folder (default: the current folder), skipping .git and, inside a git work tree, what git ignores; there the repository root's .secretscan.yaml applies when the folder has none.")]
[Examples("secretscan dir .", "secretscan dir src -x '**/*.min.js' -f sarif -o results.sarif", "secretscan dir . --report junit=secrets.xml")]
public sealed class DirOptions : ScanOptions
{
    [Value(0, MetaName = "PATH", HelpText = "Folder or file to scan (default: the current folder).")]
    public string? Path { get; set; }

    [Option("no-ignore", HelpText = "Inside a git work tree, also scan what .gitignore, .git/info/exclude and the global excludes file leave out (as ripgrep's --no-ignore).")]
    public bool NoIgnore { get; set; }
}

[Verb("stdin", HelpText = "Scan standard input.")]
[Examples("cat .env | secretscan stdin --path-hint .env", "kubectl get secret -o yaml | secretscan stdin -f json")]
public sealed class StdinOptions : ScanOptions
{
    [Option("path-hint", MetaValue = "PATH", HelpText = "Name standard input in reports (and for path-based rules), e.g. config/.env (default: stdin).")]
    public string? PathHint { get; set; }
}

[Verb("git", HelpText = "Scan git history: every file version and commit message reachable from all refs (branches, tags, remotes, stash), each blob once.")]
[Examples("secretscan git", "secretscan git --since origin/main -f sarif -o results.sarif", "secretscan git ../other-repo --branch main --max-commits 100")]
public sealed class GitOptions : ScanOptions
{
    [Value(0, MetaName = "PATH", HelpText = "The repository, or any folder inside it (default: the current folder). Bare repositories work too.")]
    public string? Path { get; set; }

    [Option("branch", MetaValue = "REF", HelpText = "Scan only commits reachable from REF (a branch, tag or commit) instead of all refs. Repeatable.")]
    public IEnumerable<string> Branch { get; set; } = [];

    [Option("since", MetaValue = "REV", HelpText = "Scan only commits not reachable from REV, e.g. the target branch of a pull request.")]
    public string? Since { get; set; }

    [Option("max-commits", MetaValue = "N", HelpText = "Scan at most the N most recent commits (default: all).")]
    public int? MaxCommits { get; set; }
}

[Verb("staged", HelpText = "Scan what the next commit adds (the git index against HEAD): the pre-commit check.")]
[Examples("secretscan staged", "secretscan staged --repo ../service -f json")]
public sealed class StagedOptions : ScanOptions
{
    [Option("repo", MetaValue = "PATH", HelpText = "The repository, or any folder inside it (default: the current folder).")]
    public string? Repo { get; set; }
}

[Verb("rules", HelpText = "Rules: 'rules list' shows every rule; 'rules check [FILE...]' compiles them and runs every example.")]
[Examples("secretscan rules list", "secretscan rules check", "secretscan rules check my-rules.yaml", Usage = "secretscan rules list [OPTIONS]\n       secretscan rules check [OPTIONS] [FILE...]")]
public sealed class RulesOptions
{
    [Value(0, MetaName = "ACTION", HelpText = "list or check.")]
    public string? Action { get; set; }

    [Value(1, MetaName = "FILE", HelpText = "Rule files to check (default: the built-in rules and --rules).")]
    public IEnumerable<string> Files { get; set; } = [];

    [Option("rules", MetaValue = "FILE", HelpText = "Extra rule file on top of the defaults. Repeatable.")]
    public IEnumerable<string> Rules { get; set; } = [];

    [Option("config", MetaValue = "FILE", HelpText = "Config file whose rules, disables and overrides apply (default: ./.secretscan.yaml).")]
    public string? Config { get; set; }

    [Option("no-config", HelpText = "Ignore ./.secretscan.yaml.")]
    public bool NoConfig { get; set; }

    [Option("provider", MetaValue = "NAME", HelpText = "'rules list': only rules whose provider contains NAME (case-insensitive), e.g. azure.")]
    public string? Provider { get; set; }

    [Option('f', "format", MetaValue = "FORMAT", HelpText = "'rules list' output: text (default) or json.")]
    public string? Format { get; set; }
}

/// <summary>
/// <c>baseline create|update [-o FILE] SCAN…</c>: SCAN is a whole scan command (<c>dir .</c>, <c>git --since main</c>),
/// parsed with that verb's own declaration, so only the options before it belong to this verb.
/// </summary>
[Verb("baseline", HelpText = "Accepted findings: 'baseline create [-o FILE] SCAN' records a scan's findings; 'baseline update [-o FILE] [--add-new] SCAN' keeps the entries that still occur (with their reasons, owners, expiries), drops and lists the rest, and adds new findings only with --add-new.")]
[Examples("secretscan baseline create dir .", "secretscan baseline create -o ci/baseline.json git --since origin/main", "secretscan baseline update dir .", "secretscan baseline update --add-new -o ci/baseline.json git",
    Usage = "secretscan baseline create [-o FILE] SCAN-COMMAND [SCAN-OPTIONS]\n       secretscan baseline update [-o FILE] [--add-new] SCAN-COMMAND [SCAN-OPTIONS]")]
public sealed class BaselineOptions
{
    [Value(0, MetaName = "ACTION", HelpText = "create or update.")]
    public string? Action { get; set; }

    [Value(1, MetaName = "SCAN", HelpText = "The scan whose findings are recorded: dir [PATH], git [PATH], staged or stdin, with their options.")]
    public IEnumerable<string> Scan { get; set; } = [];

    [Option('o', "output", MetaValue = "FILE", HelpText = "Baseline file to write, or for 'update' to read and rewrite (default: .secretscan-baseline.json).")]
    public string? Output { get; set; }

    [Option("add-new", HelpText = "'baseline update': also accept findings the baseline does not have yet (default: list them, add nothing).")]
    public bool AddNew { get; set; }
}

/// <summary><c>ignore FINGERPRINT --reason … [SCAN…]</c>: the optional scan command after the fingerprint finds it (default: dir .).</summary>
[Verb("ignore", HelpText = "Accept one finding: add it to the baseline by its fingerprint (the 'id' a report shows) with a reason, without editing JSON. A scan command after it says where the finding is (default: dir .).")]
[Examples("secretscan ignore 3f9a0c1e --reason \"test key, revoked\"", "secretscan ignore 3f9a0c1e5b7d2a4f --reason \"rotated 2026-11\" --expires 2027-01-31 git",
    Usage = "secretscan ignore FINGERPRINT --reason TEXT [--expires YYYY-MM-DD] [--owner EMAIL] [--baseline FILE] [SCAN-COMMAND [SCAN-OPTIONS]]")]
public sealed class IgnoreOptions
{
    [Value(0, MetaName = "FINGERPRINT", HelpText = "The finding's fingerprint, or its first 8 or more characters.")]
    public string? Fingerprint { get; set; }

    [Value(1, MetaName = "SCAN", HelpText = "The scan that reports the finding: dir [PATH], git [PATH], staged or stdin (default: dir .).")]
    public IEnumerable<string> Scan { get; set; } = [];

    [Option("reason", MetaValue = "TEXT", HelpText = "Why the finding is accepted (required): it is kept in the baseline for reviewers.")]
    public string? Reason { get; set; }

    [Option("expires", MetaValue = "YYYY-MM-DD", HelpText = "The last day the entry holds the finding back; after it the finding is reported again (default: never).")]
    public string? Expires { get; set; }

    [Option("owner", MetaValue = "EMAIL", HelpText = "Who accepted it (default: git config user.email, when set).")]
    public string? Owner { get; set; }

    [Option("baseline", MetaValue = "FILE", HelpText = "Baseline file to add to; created when missing (default: the config's baseline, else .secretscan-baseline.json).")]
    public string? Baseline { get; set; }
}
