namespace SecretScan.Cli.Parsing;

/// <summary><c>baseline create</c> and <c>update</c>: their own options plus the scan command whose findings it records.</summary>
public sealed record BaselineInvocation(BaselineOptions Options, ScanOptions Scan) : ParsedCommandLine;

/// <summary><c>ignore</c>: its own options plus the scan command that reports the finding.</summary>
public sealed record IgnoreInvocation(IgnoreOptions Options, ScanOptions Scan) : ParsedCommandLine;
