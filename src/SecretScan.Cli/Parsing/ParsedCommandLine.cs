namespace SecretScan.Cli.Parsing;

/// <summary>What a command line asks for: text to show (help, version) or a verb with its bound options.</summary>
public abstract record ParsedCommandLine;

/// <summary>Help or version: printed on stdout with exit 0, or (no command at all) on stderr with exit 2.</summary>
public sealed record ShowText(string Text, bool IsError = false) : ParsedCommandLine;

/// <summary>A verb and the options object the parser bound; nothing is validated beyond the argument shape.</summary>
public sealed record Invocation(object Options) : ParsedCommandLine;

/// <summary><c>baseline create</c>: its own options plus the scan command whose findings it records.</summary>
public sealed record BaselineInvocation(BaselineOptions Options, ScanOptions Scan) : ParsedCommandLine;
