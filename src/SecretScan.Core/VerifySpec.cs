using System.Collections.Immutable;

namespace SecretScan.Core;

/// <summary>
/// How a rule's credential can be checked against its provider with one read-only request (the rule's <c>verify:</c>
/// block). Data only: the request is made by the verification stage, and only when the user asks for it.
/// Placeholders in <see cref="Url"/>, header values and <see cref="Body"/>: <c>{secret}</c> (the finding's secret) and
/// <c>{group:NAME}</c> (another named group of the rule's match, such as an account id next to the key).
/// </summary>
public sealed record VerifySpec
{
    /// <summary>GET, HEAD or POST (POST only for read-only RPC-style endpoints such as Slack's auth.test).</summary>
    public required string Method { get; init; }
    /// <summary>The provider's official HTTPS endpoint; a request never goes to another host.</summary>
    public required string Url { get; init; }
    public ImmutableDictionary<string, string> Headers { get; init; } = ImmutableDictionary<string, string>.Empty;
    /// <summary>HTTP Basic credentials, user and password, each with placeholders.</summary>
    public (string User, string Password)? Basic { get; init; }
    /// <summary>A form or JSON body for read-only POST endpoints.</summary>
    public string? Body { get; init; }
    /// <summary>A request signer other than plain headers (for example <c>aws-sigv4</c>).</summary>
    public string? Signer { get; init; }
    public ImmutableArray<int> Live { get; init; } = [200];
    public ImmutableArray<int> Invalid { get; init; } = [401];
    public ImmutableArray<int> Quota { get; init; } = [429];
    public ImmutableArray<int> Restricted { get; init; } = [403];
    /// <summary>A regex the response body must match for a live answer (APIs that answer 200 with <c>"ok": false</c>).</summary>
    public string? LiveBody { get; init; }
    /// <summary>A regex on the body that marks the key invalid even with a 2xx status.</summary>
    public string? InvalidBody { get; init; }
    /// <summary>
    /// Rule ids whose finding supplies <c>{pair}</c>: the other half of a credential that a separate rule finds (an AWS
    /// access key id for its secret access key). The nearest such finding in the same file and commit is used.
    /// </summary>
    public ImmutableArray<string> Pair { get; init; } = [];
}
