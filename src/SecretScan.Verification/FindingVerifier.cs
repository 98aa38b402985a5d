using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SecretScan.Core;

namespace SecretScan.Verification;

/// <summary>
/// Asks each finding's provider, with the rule's one read-only request, whether the credential is live. Every unique
/// secret is checked once per run; requests go only to the rule's host over HTTPS, redirects to another host are not
/// followed, a few requests run at once and each host sees at most one every <see cref="VerifierOptions.PerHostInterval"/>.
/// </summary>
public sealed class FindingVerifier : IDisposable
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxRedirects = 3;
    private static readonly VerificationResult NoVerifier = new(VerificationStatus.NotChecked, "no verifier for this rule");

    private readonly VerifierOptions _options;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _concurrency;
    private readonly ConcurrentDictionary<string, Lazy<Task<VerificationResult>>> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HostGate> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;
    private int _requests;

    public FindingVerifier(VerifierOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = options.Timeout,
            AutomaticDecompression = DecompressionMethods.All,
            // The default proxy reads HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY (and the system settings on
            // Windows and macOS). A loopback impersonator is never reached through a proxy.
            UseProxy = options.HostOverrides.IsEmpty,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("secretscan-verify", "1"));
        _concurrency = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
    }

    /// <summary>Requests actually sent in this run (after the cache), for tests and the summary.</summary>
    public int RequestsSent => Volatile.Read(ref _requests);

    /// <summary>The findings, in the same order, each with its <see cref="Finding.Verification"/> set.</summary>
    public async Task<ImmutableArray<Finding>> VerifyAsync(IReadOnlyList<Finding> findings, CancellationToken cancellationToken)
    {
        var tasks = new Task<VerificationResult>[findings.Count];
        var pairs = new Secret?[findings.Count];
        for (int i = 0; i < findings.Count; i++)
        {
            Finding f = findings[i];
            if (f.Rule.Verify is not VerifySpec spec) { tasks[i] = Task.FromResult(NoVerifier); continue; }
            Secret? pair = pairs[i] = spec.Pair.IsEmpty ? null : PairOf(f, spec, findings);
            string key = f.Fingerprint + "\0" + (pair is null ? "" : Fingerprint.OfSecret(pair));
            tasks[i] = _cache.GetOrAdd(key, _ => new Lazy<Task<VerificationResult>>(() => CheckAsync(spec, f.Secret, pair, cancellationToken))).Value;
        }
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        // The other half of a pair (an AWS access key id) has no verifier of its own: it shares its partner's answer.
        for (int i = 0; i < findings.Count; i++)
        {
            if (findings[i].Rule.Verify is not null) continue;
            for (int j = 0; j < findings.Count; j++)
                if (pairs[j] is { } p && p.Equals(findings[i].Secret) && findings[j].Rule.Verify!.Pair.Contains(findings[i].Rule.Id)
                    && results[j].Status != VerificationStatus.NotChecked)
                {
                    results[i] = results[j] with { Reason = $"{results[j].Reason}; checked together with its {findings[j].Rule.Name}" };
                    break;
                }
        }
        return [.. findings.Select((f, i) => f with { Verification = results[i] })];
    }

    /// <summary>The other half of a split credential: the nearest finding of a pair rule in the same file and commit.</summary>
    internal static Secret? PairOf(Finding finding, VerifySpec spec, IReadOnlyList<Finding> all) =>
        all.Where(o => spec.Pair.Contains(o.Rule.Id) && o.Location.Path == finding.Location.Path && SameOrigin(o.Provenance, finding.Provenance))
           .OrderBy(o => Math.Abs(o.Location.StartLine - finding.Location.StartLine))
           .ThenBy(o => o.Location.StartOffset)
           .Select(o => o.Secret)
           .FirstOrDefault();

    private static bool SameOrigin(Provenance a, Provenance b) =>
        a is CommitProvenance ca && b is CommitProvenance cb ? ca.Commit == cb.Commit : a.Kind == b.Kind;

    private async Task<VerificationResult> CheckAsync(VerifySpec spec, Secret secret, Secret? pair, CancellationToken cancellationToken)
    {
        var (request, problem) = VerificationRequest.Build(spec, secret, pair);
        if (request is null) return new(VerificationStatus.NotChecked, Scrub(problem!, secret, pair));
        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _hosts.GetOrAdd(request.Url.IdnHost, _ => new HostGate()).WaitTurnAsync(_options.PerHostInterval, _time, cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            try { return await SendAsync(spec, request, secret, pair, timeout.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new(VerificationStatus.Unknown, string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.Timeout.TotalSeconds:0.###} s"));
            }
            catch (HttpRequestException e)
            {
                return new(VerificationStatus.Unknown, Scrub($"network error ({e.HttpRequestError}): {e.Message}", secret, pair));
            }
            catch (IOException e)
            {
                return new(VerificationStatus.Unknown, Scrub($"network error: {e.Message}", secret, pair));
            }
        }
        finally { _concurrency.Release(); }
    }

    private async Task<VerificationResult> SendAsync(VerifySpec spec, VerificationRequest request, Secret secret, Secret? pair, CancellationToken cancellationToken)
    {
        Uri url = request.Url;
        string method = request.Method;
        for (int hop = 0; ; hop++)
        {
            using HttpRequestMessage message = Message(spec, request with { Url = url, Method = method }, secret, pair);
            Interlocked.Increment(ref _requests);
            using HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is Uri location)
            {
                Uri next = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (next.Scheme != Uri.UriSchemeHttps || !string.Equals(next.IdnHost, request.Url.IdnHost, StringComparison.OrdinalIgnoreCase))
                    return new(VerificationStatus.Unknown, Scrub($"HTTP {status} redirect to another host ({next.Scheme}://{next.IdnHost}), not followed", secret, pair));
                if (method is not ("GET" or "HEAD")) return new(VerificationStatus.Unknown, $"HTTP {status} redirect of a {method}, not followed");
                if (hop >= MaxRedirects) return new(VerificationStatus.Unknown, "too many redirects");
                url = next;
                continue;
            }
            string body = method == "HEAD" ? "" : await ReadStartAsync(response, cancellationToken).ConfigureAwait(false);
            return AnswerMapper.Map(spec, status, body);
        }
    }

    private HttpRequestMessage Message(VerifySpec spec, VerificationRequest request, Secret secret, Secret? pair)
    {
        Uri target = request.Url;
        if (LoopbackOverride.For(_options.HostOverrides, request.Url.IdnHost) is IPEndPoint loopback)
            target = new UriBuilder(request.Url) { Scheme = Uri.UriSchemeHttp, Host = loopback.Address.ToString(), Port = loopback.Port }.Uri;
        var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        // The Host header always names the provider: it is what SigV4 signs, and how an impersonator tells providers apart.
        message.Headers.Host = request.Url.IsDefaultPort ? request.Url.IdnHost : request.Url.Authority;
        foreach (var (name, value) in request.Headers) message.Headers.TryAddWithoutValidation(name, value);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        if (spec.Signer == "aws-sigv4") SignAws(message, request, accessKeyId: pair?.Reveal() ?? "", secretKey: secret.Reveal());
        return message;
    }

    private void SignAws(HttpRequestMessage message, VerificationRequest request, string accessKeyId, string secretKey)
    {
        var query = System.Web.HttpUtility.ParseQueryString(request.Url.Query);
        var pairs = query.AllKeys.Where(k => k is not null).SelectMany(k => query.GetValues(k)!.Select(v => new KeyValuePair<string, string>(k!, v))).ToList();
        var (region, service) = AwsSigV4.ScopeOf(request.Url.IdnHost);
        var signed = AwsSigV4.Sign(request.Method, message.Headers.Host!, request.Url.AbsolutePath, pairs, request.Body ?? [],
            accessKeyId, secretKey, region, service, _time.GetUtcNow());
        message.Headers.TryAddWithoutValidation("X-Amz-Date", signed.AmzDate);
        message.Headers.TryAddWithoutValidation("Authorization", signed.Authorization);
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer = new byte[MaxBodyBytes];
        int total = 0, read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0) total += read;
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>Reasons quote exception messages, which may quote a URL that holds the secret (Telegram's bot path).</summary>
    private static string Scrub(string text, Secret secret, Secret? pair)
    {
        foreach (Secret s in pair is null ? [secret] : new[] { secret, pair })
        {
            if (s.Length == 0) continue;
            text = text.Replace(s.Reveal(), s.Masked(), StringComparison.Ordinal)
                       .Replace(Uri.EscapeDataString(s.Reveal()), s.Masked(), StringComparison.Ordinal);
        }
        return text;
    }

    public void Dispose()
    {
        _http.Dispose();
        _concurrency.Dispose();
    }

    /// <summary>One host's turn: requests to it start at least an interval apart.</summary>
    private sealed class HostGate
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private DateTimeOffset _next = DateTimeOffset.MinValue;

        public async Task WaitTurnAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                TimeSpan wait = _next - time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                _next = time.GetUtcNow() + interval;
            }
            finally { _lock.Release(); }
        }
    }
}
