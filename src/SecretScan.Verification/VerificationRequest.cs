using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecretScan.Core;

namespace SecretScan.Verification;

/// <summary>
/// A rule's <c>verify:</c> block filled in for one finding. The host comes from the rule, never from the finding:
/// substituted values are escaped for where they go, and the result is checked to still name the rule's host.
/// </summary>
public sealed partial record VerificationRequest(string Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body, string? ContentType)
{
    /// <summary>The request, or null with the reason it cannot be made (for example a missing key id).</summary>
    public static (VerificationRequest? Request, string? Problem) Build(VerifySpec spec, Secret secret, Secret? pair)
    {
        string? problem = null;
        string Fill(string template, Func<string, string> escape)
        {
            return Placeholder().Replace(template, m =>
            {
                string name = m.Groups[1].Value;
                if (name == "secret") return escape(secret.Reveal());
                if (name == "pair")
                {
                    if (pair is not null) return escape(pair.Reveal());
                    problem ??= $"no {string.Join(" or ", spec.Pair)} found next to it to pair with";
                    return "";
                }
                problem ??= $"the verifier needs '{{{name}}}', which this finding does not carry";
                return "";
            });
        }

        // A signer takes the pair without a placeholder naming it (SigV4's key id goes into the signature).
        if (!spec.Pair.IsEmpty && pair is null) return (null, $"no {string.Join(" or ", spec.Pair)} found next to it to pair with");
        if (!Uri.TryCreate(spec.Url.Replace("{", "").Replace("}", ""), UriKind.Absolute, out Uri? template) || template.Scheme != Uri.UriSchemeHttps)
            return (null, "the rule's verify url is not an https URL");
        // ':' stays as it is: it is legal in a path segment and Telegram's bot<id>:<token> path needs it verbatim.
        string url = Fill(spec.Url, v => Uri.EscapeDataString(v).Replace("%3A", ":", StringComparison.Ordinal));
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttps
            || !string.Equals(uri.IdnHost, template.IdnHost, StringComparison.OrdinalIgnoreCase) || uri.Port != template.Port)
            return (null, "the filled-in verify url does not name the rule's host");

        var headers = new List<KeyValuePair<string, string>>();
        string? contentType = null;
        foreach (var (name, value) in spec.Headers)
        {
            string filled = Fill(value, v => v);
            if (filled.AsSpan().IndexOfAny('\r', '\n') >= 0) return (null, "a header value would contain a line break");
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = filled;
            else headers.Add(new(name, filled));
        }
        if (spec.Basic is var (user, password))
        {
            string credentials = Fill(user, v => v) + ":" + Fill(password, v => v);
            headers.Add(new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))));
        }
        byte[]? body = null;
        if (spec.Body is string bodyTemplate)
        {
            bool json = bodyTemplate.TrimStart().StartsWith('{');
            string filled = json ? Fill(bodyTemplate, v => JsonEncodedText.Encode(v).ToString()) : Fill(bodyTemplate, Uri.EscapeDataString);
            body = Encoding.UTF8.GetBytes(filled);
            contentType ??= json ? "application/json" : "application/x-www-form-urlencoded";
        }
        if (problem is not null) return (null, problem);
        return (new VerificationRequest(spec.Method, uri, headers, body, contentType), null);
    }

    [GeneratedRegex(@"\{(secret|pair|group:[A-Za-z0-9_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
