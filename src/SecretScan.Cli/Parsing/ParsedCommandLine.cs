namespace SecretScan.Cli.Parsing;

/// <summary>What a command line asks for: text to show (help, version) or a verb with its bound options.</summary>
public abstract record ParsedCommandLine;
