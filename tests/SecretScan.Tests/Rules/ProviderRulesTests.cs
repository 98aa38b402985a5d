using SecretScan.Core;
using SecretScan.Rules;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Rules;

/// <summary>
/// Provider keys without a prefix are only findings next to the provider's name. These tests hold the
/// name-anchored rules to both halves of that promise: every assignment syntax is found, and ordinary code
/// that merely mentions a provider (or a short prefix such as re_, pk_, sl.) is not.
/// </summary>
public class ProviderRulesTests
{
    private static readonly Lazy<Detector> All = new(() =>
    {
        RuleLoadResult loaded = RuleLoader.Load(RuleLoader.DefaultFiles(), compile: true);
        return new Detector(new RuleSet(loaded.Rules.Select(r => r.Rule)), ignorePathFilters: true);
    });

    private const string Hex = "0123456789abcdef";
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // Generated per run so that no test value is a fixed string anyone could mistake for a real key. The rules
    // hold back values below their entropy floor by design (a 32-hex key skewed to a few characters, about one
    // draw in a few hundred), so the test draws a typical random key, not one of those (nor a placeholder).
    private static string Random(string alphabet, int length)
    {
        while (true)
        {
            string value = FakeSecrets.Random(alphabet, length);
            if (Entropy.Shannon(value) >= 3.3) return value;
        }
    }

    private static List<Finding> Detect(string text) =>
        All.Value.Detect(new Fragment(text, "snippet", new StdinProvenance())).Findings;

    public static IEnumerable<TestCaseData> AnchoredKeys()
    {
        // rule id, key name as a variable, the value's alphabet and length
        yield return new TestCaseData("mistral-api-key", "MISTRAL_API_KEY", Alnum, 32);
        yield return new TestCaseData("zendesk-api-token", "zendesk_api_token", Alnum, 40);
        yield return new TestCaseData("mixpanel-api-secret", "MixpanelApiSecret", Hex, 32);
        yield return new TestCaseData("pipedrive-api-token", "pipedrive-token", Hex, 40);
    }

    private static readonly string[] Syntaxes =
    [
        "{0}={1}",                                  // .env
        "export {0}=\"{1}\"",                       // shell
        "{{\"{0}\": \"{1}\"}}",                     // JSON
        "settings = {{'{0}': '{1}'}}",              // Python dict, single quotes
        "  {0}: {1}",                               // YAML
        "<{0}>{1}</{0}>",                           // XML element
        "curl -H \"X-{0}: {1}\" https://api.acme.test/v1", // header
        "deploy --{0} {1}",                         // CLI flag
    ];

    [TestCaseSource(nameof(AnchoredKeys))]
    public void AnchoredRule_FindsTheValue_InEveryAssignmentSyntax(string ruleId, string name, string alphabet, int length)
    {
        var missed = new List<string>();
        foreach (string syntax in Syntaxes)
        {
            string value = Random(alphabet, length);
            string text = string.Format(syntax, name, value);
            if (!Detect(text).Any(f => f.Rule.Id == ruleId && f.Secret.Reveal() == value)) missed.Add(text);
        }
        Assert.That(missed, Is.Empty);
    }

    [Test]
    public void AnchoredRule_DoesNotCutALongerValue()
    {
        // 33 hex characters are not a 32-hex key with one character of noise.
        string text = "MIXPANEL_API_SECRET=" + Random(Hex, 33);
        Assert.That(Detect(text).Where(f => f.Rule.Id == "mixpanel-api-secret"), Is.Empty);
    }

    private static readonly string[] OrdinaryCode =
    [
        "from django.urls import include, re_path",
        "ctx = ssl.create_default_context(cafile=certifi.where())",
        "request.Headers.Add(\"API-Version\", \"2024-06-01\");",
        "<div class=\"modal fade\" id=\"modalTokenExpired\" tabindex=\"-1\">",
        "const zoomLevel = map.getZoom(); // zoom token refresh happens elsewhere",
        "const checkbox_token = document.querySelector('#accept-terms');",
        "pk_column = 'id'",
        "cs_main.cpp: In function 'int main()':",
        "SENTRY_DSN_HOST=o4504.ingest.sentry.io",
        "trello_board_url: https://trello.com/b/roadmap",
        "okta_issuer: https://acme.okta.com/oauth2/default",
        "commit 00d1e5f3c2b4a6978d0e1f2a3b4c5d6e7f8091a2",
        "    image: grafana/grafana:11.2.0",
        "docker run -e TS_AUTHKEY=$TS_AUTHKEY tailscale/tailscale",
        "pinecone_index_name: product-search",
        "cohere_model: command-r-plus",
        "WEAVIATE_URL=http://weaviate:8080",
        "import Together from 'together-ai';",
        "valueFrom: { secretKeyRef: { name: notion, key: token } }",
        "The Elastic APM agent reads ELASTIC_APM_SERVER_URL at start-up.",
    ];

    [Test]
    public void ProviderRules_IgnoreOrdinaryCodeThatNamesAProvider()
    {
        var noisy = OrdinaryCode
            .SelectMany(line => Detect(line).Where(f => !f.Rule.Generic).Select(f => $"{f.Rule.Id}: {line}"))
            .ToList();
        Assert.That(noisy, Is.Empty);
    }
}
