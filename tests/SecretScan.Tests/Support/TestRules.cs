namespace SecretScan.Tests.Support;

/// <summary>A small, valid rule file for tests that need a rule of their own (line numbers matter: tests point into it).</summary>
public static class TestRules
{
    public const string TestKeyRuleFile = """
        provider: Test
        rotation:
          url: https://example.com/keys
          steps: [Delete it.]
          update: [Environment variables]
        rules:
          - id: test-key
            name: Test key
            description: A key for tests.
            severity: high
            keywords: [tk_]
            pattern: '\b(?<secret>tk_[A-Za-z0-9]{20})\b'
            entropy: 3
            examples: ['a = tk_aB3dE5gH7jK9mN1pQ3sT', 'b: tk_Zx8Cv7Bn6Mm5Ll4Kk3Jq']
            negative_examples: ['tk_xxxxxxxxxxxxxxxxxxxx', 'tk_short']
        """;
}
