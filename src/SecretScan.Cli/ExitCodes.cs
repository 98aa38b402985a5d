namespace SecretScan.Cli;

/// <summary>The only exit codes secretscan returns (README "Exit codes"); --exit-code replaces <see cref="Findings"/>.</summary>
public static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int Error = 2;
    /// <summary>128 + SIGINT, what shells expect from a program stopped with Ctrl-C.</summary>
    public const int Cancelled = 130;
}
