using System.Text.Json;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Doctor;

/// <summary>A prepared project in a temp folder, and `secretscan doctor` run on it through the real executable.</summary>
public sealed class DoctorProject : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Path => _dir.Path;

    public DoctorProject File(string relative, string content)
    {
        _dir.File(relative, content);
        return this;
    }

    /// <summary>
    /// The environment of the run: the names a test uses are removed from the runner's own environment (a developer
    /// machine may well have OPENAI_API_KEY set), then the test's values are set.
    /// </summary>
    public static Dictionary<string, string?> Environment(IDictionary<string, string?>? set = null)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            if (e.Key is string k && (VariableLike(k))) env[k] = null;
        foreach (var (k, v) in set ?? new Dictionary<string, string?>()) env[k] = v;
        return env;
    }

    private static bool VariableLike(string name) =>
        SecretScan.Doctor.VariableNames.LooksLikeCredential(name) || name.Contains("OPENAI", StringComparison.Ordinal) || name.Contains("GITHUB", StringComparison.Ordinal)
        || name.Contains("STRIPE", StringComparison.Ordinal) || name.Contains("ANTHROPIC", StringComparison.Ordinal) || name.Contains("SENDGRID", StringComparison.Ordinal);

    public CliRunner.Result Run(IDictionary<string, string?>? environment, params string[] args) =>
        CliRunner.Run(CliRunner.Executable, ["doctor", .. args], Path, environment: Environment(environment), timeoutMs: 60_000);

    public DoctorRun Json(IDictionary<string, string?>? environment = null, params string[] args) => new(Run(environment, [.. args, "-f", "json"]));

    public void Dispose() => _dir.Dispose();
}

/// <summary>A JSON doctor run, with questions about its checks.</summary>
public sealed class DoctorRun
{
    public DoctorRun(CliRunner.Result raw)
    {
        Raw = raw;
        try { Report = JsonDocument.Parse(raw.Stdout).RootElement; }
        catch (JsonException) { Assert.Fail("doctor did not print JSON\n" + raw); }
    }

    public CliRunner.Result Raw { get; }
    public JsonElement Report { get; }

    public sealed record Check(string Variable, string Name, string Status, string Message, string? Advice)
    {
        public override string ToString() => $"{Variable} {Name} {Status}: {Message}";
    }

    public List<Check> Checks => [.. Report.GetProperty("checks").EnumerateArray().Select(c => new Check(
        c.GetProperty("variable").GetString()!, c.GetProperty("check").GetString()!, c.GetProperty("status").GetString()!,
        c.GetProperty("message").GetString()!, c.GetProperty("advice").ValueKind == JsonValueKind.Null ? null : c.GetProperty("advice").GetString()))];

    public List<string> Variables => [.. Report.GetProperty("variables").EnumerateArray().Select(v => v.GetProperty("name").GetString()!)];

    public List<Check> Of(string variable, string check) => [.. Checks.Where(c => c.Variable == variable && c.Name == check)];

    /// <summary>The one check of this kind whose message contains <paramref name="text"/>; fails with the whole run otherwise.</summary>
    public Check Find(string variable, string check, string status, string text)
    {
        var found = Checks.FirstOrDefault(c => c.Variable == variable && c.Name == check && c.Status == status && c.Message.Contains(text, StringComparison.Ordinal));
        if (found is null) Assert.Fail($"no {status} '{check}' check of {variable} saying '{text}'; checks:\n{string.Join('\n', Checks)}\n{Raw.Stderr}");
        return found!;
    }

    /// <summary>No value may appear in any output: not whole, not its second half.</summary>
    public void AssertMasked(params string[] values)
    {
        foreach (string v in values)
        {
            string tail = v[(v.Length / 2)..];
            Assert.That(Raw.Stdout, Does.Not.Contain(tail), "a value appeared in stdout");
            Assert.That(Raw.Stderr, Does.Not.Contain(tail), "a value appeared in stderr");
        }
    }
}

/// <summary>Fresh fake keys of the providers the doctor tests use.</summary>
public static class DoctorKeys
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string UrlSafe = Base62 + "_-";

    public static string Anthropic() => "sk-ant-api03-" + FakeSecrets.Random(UrlSafe, 93) + "AA";

    /// <summary>A GitHub token whose last character is changed: the shape is right, the CRC32 is not.</summary>
    public static string GitHubPatWithTypo()
    {
        string good = FakeSecrets.GitHubPat();
        char last = good[^1] == 'a' ? 'b' : 'a';
        return good[..^1] + last;
    }

    public static string OpenAiOrgId() => "org-" + FakeSecrets.Random(Base62, 24);
}
