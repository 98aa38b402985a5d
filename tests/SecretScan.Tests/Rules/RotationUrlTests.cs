using System.Net;
using SecretScan.Rules;

namespace SecretScan.Tests.Rules;

/// <summary>
/// Every rule's rotation guide points at a real page of its provider: an absolute https URL on a public host, with no
/// template left in it, and no page shared by two providers (a copy-pasted link is a wrong link for one of them).
/// </summary>
public class RotationUrlTests
{
    private static readonly Lazy<List<LoadedRule>> Rules = new(() => RuleLoader.Load(RuleLoader.DefaultFiles(), compile: false).Rules);

    private static readonly string[] PlaceholderHosts = ["example.com", "example.org", "example.net", "localhost", "provider.com", "your-domain", "yourdomain"];

    [Test]
    public void EveryRule_HasAnHttpsRotationUrlOnAPublicHost()
    {
        var wrong = new List<string>();
        foreach (LoadedRule r in Rules.Value)
        {
            string url = r.Rule.Rotation.Url;
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri)) { wrong.Add($"{r.Rule.Id}: '{url}' is not an absolute URL"); continue; }
            if (uri.Scheme != Uri.UriSchemeHttps) wrong.Add($"{r.Rule.Id}: {url} is not https");
            if (IPAddress.TryParse(uri.Host, out _) || !uri.Host.Contains('.')) wrong.Add($"{r.Rule.Id}: {url} is not on a public host name");
            if (PlaceholderHosts.Any(h => uri.Host.Equals(h, StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase)))
                wrong.Add($"{r.Rule.Id}: {url} is a placeholder host");
            if (url.IndexOfAny(['<', '>', '{', '}', ' ']) >= 0 || url.Contains("xxx", StringComparison.OrdinalIgnoreCase))
                wrong.Add($"{r.Rule.Id}: {url} still holds a template");
            if (!string.IsNullOrEmpty(uri.UserInfo)) wrong.Add($"{r.Rule.Id}: {url} carries credentials");
        }
        Assert.That(wrong, Is.Empty, string.Join("\n", wrong));
    }

    [Test]
    public void NoTwoProviders_ShareARotationPage()
    {
        var shared = Rules.Value
            .GroupBy(r => r.Rule.Rotation.Url.TrimEnd('/').ToLowerInvariant())
            .Select(g => (Url: g.Key, Providers: g.Select(r => r.Rule.Provider).Distinct().ToList()))
            .Where(g => g.Providers.Count > 1)
            .Select(g => $"{g.Url}: {string.Join(", ", g.Providers)}")
            .ToList();
        Assert.That(shared, Is.Empty, string.Join("\n", shared));
    }

    [Test]
    public void ProviderPages_AreOnTheProvidersOwnSitesOrTheirDocumentation()
    {
        // A vendor's rotation link on a general-purpose site (a search engine, a forum, a link shortener) is not the
        // provider's documented page.
        string[] notProviderSites = ["google.com/search", "bing.com", "stackoverflow.com", "medium.com", "bit.ly", "t.co/", "web.archive.org"];
        var wrong = Rules.Value.Where(r => notProviderSites.Any(s => r.Rule.Rotation.Url.Contains(s, StringComparison.OrdinalIgnoreCase)))
            .Select(r => $"{r.Rule.Id}: {r.Rule.Rotation.Url}").ToList();
        Assert.That(wrong, Is.Empty, string.Join("\n", wrong));
    }
}
