using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecretScan.Core;
using SecretScan.Rules;
using SecretScan.Tests.Support;
using static SecretScan.Tests.Support.ProviderImpersonator;

namespace SecretScan.Tests.EndToEnd;

/// <summary>
/// Every default rule with a <c>verify:</c> block, end to end: one of its own examples is scanned by the real executable
/// with <c>--verify</c>, and the loopback impersonator answers each request the way the rule's mapping says a live, a
/// refused and a rate-limited key is answered. The request itself is checked too: the rule's method, its host, and the
/// secret actually sent. AWS is left out (its request is SigV4-signed with a paired key id, tested in VerifierTests).
/// </summary>
[CancelAfter(600_000)]
public sealed class VerifyEveryRuleTests
{
    /// <summary>A body that satisfies every live_body pattern of the default rules and no invalid_body pattern.</summary>
    private const string LiveBody = "{\"ok\": true, \"valid\": true, \"id\": \"u1\", \"viewer\": {\"id\": \"u1\"}, \"user\": {\"id\": \"u1\"}, \"status\": \"active\", \"code\": \"TokenValid\"}";
    /// <summary>A 200 body that every invalid_body pattern of the default rules recognises.</summary>
    private const string InvalidBody = "{\"ok\": false, \"error\": \"invalid_auth\", \"status\": \"disabled\", \"message\": \"Invalid API key\"}";

    private sealed record Case(LoadedRule Loaded, string Secret, string File)
    {
        public VerifySpec Spec => Loaded.Rule.Verify!;
        public string Id => Loaded.Rule.Id;
    }

    private static readonly Lazy<List<Case>> Cases = new(() =>
    {
        var cases = new List<Case>();
        var rules = RuleLoader.Load(RuleLoader.DefaultFiles(), compile: true).Rules
            .Where(r => r.Rule.Verify is { Signer: null, Pair.IsEmpty: true }).ToList();
        foreach (var loaded in rules)
        {
            foreach (var example in loaded.Examples.Where(e => !e.Negative))
            {
                Match m = loaded.Rule.Regex.Match(example.Text);
                if (!m.Success || !m.Groups["secret"].Success) continue;
                cases.Add(new Case(loaded, m.Groups["secret"].Value, $"svc/{cases.Count:000}-{loaded.Rule.Id}.cfg"));
                break;
            }
        }
        return cases;
    });

    private static string ExampleText(Case c) =>
        c.Loaded.Examples.First(e => !e.Negative && c.Loaded.Rule.Regex.Match(e.Text) is { Success: true } m && m.Groups["secret"].Value == c.Secret).Text;

    /// <summary>Everything of a request that can carry the secret: the target, header values (Basic decoded) and body.</summary>
    private static string Carried(Request r)
    {
        var text = new StringBuilder(Uri.UnescapeDataString(r.Target)).Append('\n').Append(r.Body);
        foreach (var (name, value) in r.Headers)
        {
            text.Append('\n').Append(value);
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && value.StartsWith("Basic ", StringComparison.Ordinal))
                try { text.Append('\n').Append(Encoding.UTF8.GetString(Convert.FromBase64String(value[6..]))); } catch (FormatException) { }
        }
        return text.ToString();
    }

    private static Case? CaseOf(Request r, IEnumerable<Case> cases)
    {
        string carried = Carried(r);
        return cases.Where(c => carried.Contains(c.Secret, StringComparison.Ordinal) && new Uri(c.Spec.Url).Host == r.Host)
            .OrderByDescending(c => c.Secret.Length).FirstOrDefault();
    }

    private enum Mode { Live, Refused, Quota }

    private static (int Status, string Body, string Expected) AnswerFor(Case c, Mode mode) => mode switch
    {
        Mode.Live => (c.Spec.Live[0], LiveBody, "live"),
        Mode.Refused when !c.Spec.Invalid.IsEmpty => (c.Spec.Invalid[0], "{\"message\": \"Bad credentials\"}", "invalid"),
        Mode.Refused when c.Spec.InvalidBody is not null => (200, InvalidBody, "invalid"),
        // A provider whose refusal cannot tell a dead key from a key valid elsewhere (an EU site, a client secret) says so.
        Mode.Refused => (401, "{}", "unknown"),
        Mode.Quota when !c.Spec.Quota.IsEmpty => (c.Spec.Quota[0], "{\"error\": \"rate limited\"}", "quota"),
        _ => (599, "{}", "unknown"),
    };

    private static Dictionary<string, (string Status, string Reason)> Scan(TempDirectory dir, ProviderImpersonator server)
    {
        var r = CliRunner.Run(CliRunner.Executable, ["dir", ".", "--verify", "--verify-timeout", "5", "--min-confidence", "low", "--no-config", "-f", "json"],
            dir.Path, environment: server.Environment(), timeoutMs: 300_000);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        var byFileAndRule = new Dictionary<string, (string, string)>();
        foreach (JsonElement f in JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings").EnumerateArray())
        {
            if (!f.TryGetProperty("verification", out JsonElement v)) continue;
            string key = f.GetProperty("file").GetString()!.Replace('\\', '/') + "|" + f.GetProperty("ruleId").GetString();
            byFileAndRule[key] = (v.GetProperty("status").GetString()!, v.TryGetProperty("reason", out JsonElement reason) ? reason.GetString() ?? "" : "");
        }
        return byFileAndRule;
    }

    private static void RunMode(Mode mode)
    {
        var cases = Cases.Value;
        var wrong = new List<string>();
        using var server = new ProviderImpersonator(request =>
        {
            Case? c = CaseOf(request, cases);
            if (c is null) return new Reply(500, "{\"error\": \"no rule sends this\"}");
            var (status, body, _) = AnswerFor(c, mode);
            return new Reply(status, body);
        });
        using var dir = new TempDirectory();
        foreach (Case c in cases) dir.File(c.File, ExampleText(c) + "\n");

        var results = Scan(dir, server);

        foreach (Case c in cases)
        {
            string expected = AnswerFor(c, mode).Expected;
            if (!results.TryGetValue(c.File + "|" + c.Id, out var got)) { wrong.Add($"{c.Id}: not reported from its own example"); continue; }
            if (got.Status != expected) wrong.Add($"{c.Id}: {got.Status} ({got.Reason}), expected {expected}");
        }
        var requests = server.Requests.ToList();
        foreach (Case c in cases)
        {
            var mine = requests.Where(q => CaseOf(q, [c]) is not null).ToList();
            var uri = new Uri(c.Spec.Url);
            if (mine.Count == 0) { wrong.Add($"{c.Id}: no request carried the secret to {uri.Host}"); continue; }
            foreach (Request q in mine)
            {
                if (q.Method != c.Spec.Method) wrong.Add($"{c.Id}: sent {q.Method}, the rule says {c.Spec.Method}");
                if (q.Method is not ("GET" or "HEAD" or "POST")) wrong.Add($"{c.Id}: {q.Method} is not a read-only method");
                if (q.Method == "POST" && c.Spec.Body is null && q.Body.Length > 0) wrong.Add($"{c.Id}: a body nobody asked for");
                if (!q.Target.StartsWith(Uri.UnescapeDataString(uri.AbsolutePath).Split('{')[0], StringComparison.Ordinal)) wrong.Add($"{c.Id}: target {q.Target} is not under {uri.AbsolutePath}");
            }
        }
        Assert.That(requests.Where(q => CaseOf(q, cases) is null).Select(q => q.Host + q.Target.Split('?')[0]), Is.Empty, "every request belongs to a rule's verifier");
        Assert.That(wrong, Is.Empty, string.Join("\n", wrong));
    }

    [Test]
    public void AtLeastThirtyProviders_AndEveryVerifierIsCovered()
    {
        var all = RuleLoader.Load(RuleLoader.DefaultFiles(), compile: false).Rules.Where(r => r.Rule.Verify is not null).ToList();
        var covered = Cases.Value.Select(c => c.Id).ToHashSet();
        var left = all.Where(r => !covered.Contains(r.Rule.Id)).Select(r => r.Rule.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(left, Is.EquivalentTo(new[] { "aws-secret-access-key" }), "every other verifier has an example this test can use");
            Assert.That(Cases.Value.Select(c => c.Loaded.Rule.Provider).Distinct().Count(), Is.GreaterThanOrEqualTo(30));
        });
        TestContext.Out.WriteLine($"{Cases.Value.Count} verifiers, {Cases.Value.Select(c => c.Loaded.Rule.Provider).Distinct().Count()} providers: "
            + string.Join(", ", Cases.Value.Select(c => c.Loaded.Rule.Provider).Distinct().Order()));
    }

    [Test]
    public void LiveAnswers_AreLive() => RunMode(Mode.Live);

    [Test]
    public void RefusedAnswers_AreInvalid_OrUnknownWhereTheProviderCannotTell() => RunMode(Mode.Refused);

    [Test]
    public void RateLimitedAnswers_AreQuota() => RunMode(Mode.Quota);
}
