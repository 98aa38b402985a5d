namespace SecretScan.Cli.Parsing;

/// <summary>A verb and the options object the parser bound; nothing is validated beyond the argument shape.</summary>
public sealed record Invocation(object Options) : ParsedCommandLine;
