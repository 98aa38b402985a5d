namespace SecretScan.Cli.Parsing;

/// <summary>Help or version: printed on stdout with exit 0, or (no command at all) on stderr with exit 2.</summary>
public sealed record ShowText(string Text, bool IsError = false) : ParsedCommandLine;
