namespace SecretScan.Cli.Parsing;

/// <summary><c>baseline create</c>: its own options plus the scan command whose findings it records.</summary>
public sealed record BaselineInvocation(BaselineOptions Options, ScanOptions Scan) : ParsedCommandLine;
