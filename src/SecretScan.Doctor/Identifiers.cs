using System.Text.RegularExpressions;

namespace SecretScan.Doctor;

/// <summary>
/// Values that are real but are not the secret a variable needs: an organisation or project id, a publishable key,
/// an access key id where its secret goes. Shapes only; each is public by design, so recognising one says nothing leaked.
/// </summary>
public static partial class Identifiers
{
    public sealed record Shape(string What, string Advice);

    [GeneratedRegex(@"^org-[A-Za-z0-9]{20,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiOrg();

    [GeneratedRegex(@"^proj_[A-Za-z0-9]{20,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiProject();

    [GeneratedRegex(@"^pk_(?:live|test)_[A-Za-z0-9]{10,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Publishable();

    [GeneratedRegex(@"^pk\.eyJ[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex MapboxPublic();

    [GeneratedRegex(@"^(?:AKIA|ASIA)[A-Z2-7]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsKeyId();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    public static Shape? Recognize(string name, string value)
    {
        bool wantsSecret = VariableNames.Words(name).Any(w => w is "secret" or "key" or "token" or "apikey");
        if (OpenAiOrg().IsMatch(value)) return new("an OpenAI organization id", "put the organization id in OPENAI_ORG_ID and the API key (sk-...) here");
        if (OpenAiProject().IsMatch(value)) return new("an OpenAI project id", "put the project id in OPENAI_PROJECT_ID and the project's API key (sk-proj-...) here");
        if (Publishable().IsMatch(value) && !VariableNames.Words(name).Contains("publishable"))
            return new("a publishable key (pk_), which only identifies the account", "use the secret key (sk_...) from the same dashboard page; the publishable key belongs in the browser");
        if (MapboxPublic().IsMatch(value)) return new("a Mapbox public token (pk.)", "a secret scope needs a secret token (sk.) from the Mapbox account page");
        if (AwsKeyId().IsMatch(value) && VariableNames.Words(name).Contains("secret"))
            return new("an AWS access key id (AKIA...), not the secret access key", "the secret access key is the 40-character value shown once beside the id; the id goes in AWS_ACCESS_KEY_ID");
        if (wantsSecret && Uuid().IsMatch(value) && VariableNames.Words(name).Any(w => w is "secret"))
            return new("a UUID, which is usually a client, tenant or project id", "check that the value is the secret and not the id shown beside it");
        return null;
    }

    /// <summary>Whether a value has the shape its setting needs, for the settings around a key (<c>OPENAI_ORG_ID</c>, <c>OPENAI_PROJECT_ID</c>).</summary>
    public static bool? FitsSetting(string setting, string value) => setting switch
    {
        "org" => OpenAiOrg().IsMatch(value),
        "project" => OpenAiProject().IsMatch(value),
        _ => null,
    };
}
