namespace SecretScan.Cli;

/// <summary>A mistake in how secretscan was called: one line on stderr, exit code 2, never a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
