using System.Text.Json;
using SecretScan.Rules;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Rules;

/// <summary>
/// The rotation URLs that were checked by hand against the providers' own documentation are recorded in
/// <c>Fixtures/rotation-urls.confirmed.json</c>, each with the stored page that confirms it. These tests hold the rules
/// to that record, so a later edit cannot silently swap a confirmed page for a guessed one: changing a URL means
/// changing the record, with its source, in the same commit.
/// </summary>
public class RotationUrlRecordTests
{
    private static readonly Lazy<List<LoadedRule>> Rules = new(() => RuleLoader.Load(RuleLoader.DefaultFiles(), compile: false).Rules);

    private static readonly Lazy<List<RecordedUrl>> Record = new(LoadRecord);

    private static readonly string[] Statuses = ["confirmed", "location", "unconfirmed"];

    private sealed record RecordedUrl(string Provider, string[] Rules, string Url, string? Docs, string Status, string[] ConfirmedBy, string[] Searched, string Group);

    private static List<RecordedUrl> LoadRecord()
    {
        string path = Path.Combine(CliRunner.RepoRoot, "tests", "SecretScan.Tests", "Fixtures", "rotation-urls.confirmed.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        static string[] Strings(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement a) ? a.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
        return doc.RootElement.GetProperty("providers").EnumerateArray().Select(e => new RecordedUrl(
            e.GetProperty("provider").GetString()!,
            Strings(e, "rules"),
            e.GetProperty("url").GetString()!,
            e.TryGetProperty("docs", out JsonElement d) ? d.GetString() : null,
            e.GetProperty("status").GetString()!,
            Strings(e, "confirmedBy"),
            Strings(e, "searched"),
            e.GetProperty("group").GetString()!)).ToList();
    }

    /// <summary>A record naming rule ids covers exactly those; one without covers every rule of its provider.</summary>
    private static List<LoadedRule> Covered(RecordedUrl r) => r.Rules.Length > 0
        ? Rules.Value.Where(x => r.Rules.Contains(x.Rule.Id)).ToList()
        : Rules.Value.Where(x => x.Rule.Provider.Equals(r.Provider, StringComparison.Ordinal)).ToList();

    [Test]
    public void TheRecord_HoldsTheTwentySevenProvidersOfIssue15AndTwentySpotChecks()
    {
        Assert.That(Record.Value.Count(r => r.Group == "issue-15"), Is.EqualTo(27));
        Assert.That(Record.Value.Count(r => r.Group == "spot-check"), Is.EqualTo(20));
        Assert.That(Record.Value.Select(r => r.Provider).Distinct().Count(), Is.EqualTo(Record.Value.Count), "a provider is recorded twice");
    }

    [Test]
    public void EveryRecordedRule_CarriesExactlyTheRecordedUrl()
    {
        var wrong = new List<string>();
        foreach (RecordedUrl r in Record.Value)
        {
            List<LoadedRule> covered = Covered(r);
            if (covered.Count == 0) { wrong.Add($"{r.Provider}: no rule matches the record"); continue; }
            foreach (string id in r.Rules.Where(id => covered.All(c => c.Rule.Id != id)))
                wrong.Add($"{r.Provider}: rule '{id}' does not exist");
            foreach (LoadedRule c in covered)
            {
                if (c.Rule.Rotation.Url != r.Url) wrong.Add($"{c.Rule.Id}: rotation url is {c.Rule.Rotation.Url}, the record says {r.Url}");
                if (r.Docs is not null && c.Rule.Rotation.Docs != r.Docs) wrong.Add($"{c.Rule.Id}: rotation docs is {c.Rule.Rotation.Docs ?? "(none)"}, the record says {r.Docs}");
            }
        }
        Assert.That(wrong, Is.Empty, string.Join("\n", wrong));
    }

    [Test]
    public void EveryRecord_NamesItsSourceOrWhatWasSearched()
    {
        var wrong = new List<string>();
        foreach (RecordedUrl r in Record.Value)
        {
            if (!Statuses.Contains(r.Status)) wrong.Add($"{r.Provider}: unknown status '{r.Status}'");
            if (r.Status != "unconfirmed" && r.ConfirmedBy.Length == 0) wrong.Add($"{r.Provider}: {r.Status} without the page that confirms it");
            if (r.Status == "unconfirmed" && r.Searched.Length == 0) wrong.Add($"{r.Provider}: unconfirmed without the searches that were tried");
            foreach (string source in r.ConfirmedBy)
                if (!Uri.TryCreate(source, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttps)
                    wrong.Add($"{r.Provider}: source '{source}' is not an https address");
        }
        Assert.That(wrong, Is.Empty, string.Join("\n", wrong));
    }

    [Test]
    public void NoRotationUrl_IsABareSiteRoot()
    {
        // A dashboard root (https://app.example.io/) sends the user hunting for the key page; every rule names the
        // page where its key is revoked or the provider's documentation of that step. A single-page app's route in the
        // fragment (dashboard.paystack.com/#/settings/developers) is a page.
        var roots = Rules.Value
            .Where(r => Uri.TryCreate(r.Rule.Rotation.Url, UriKind.Absolute, out Uri? u) && u.AbsolutePath.Trim('/').Length == 0 && u.Query.Length == 0 && u.Fragment.Trim('#', '/').Length == 0)
            .Select(r => $"{r.Rule.Id}: {r.Rule.Rotation.Url}")
            .ToList();
        Assert.That(roots, Is.Empty, string.Join("\n", roots));
    }
}
