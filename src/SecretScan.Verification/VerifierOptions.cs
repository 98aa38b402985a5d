using System.Collections.Immutable;
using System.Net;

namespace SecretScan.Verification;

/// <summary>How hard and how fast verification may talk to providers.</summary>
public sealed record VerifierOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Per request, connection included.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;
    /// <summary>Requests in flight at once, over all hosts.</summary>
    public int MaxConcurrency { get; init; } = 4;
    /// <summary>
    /// The least time between two requests to the same host: a scan that finds 200 copies of different keys of one
    /// provider must not look like an attack on its API (or trip its rate limit, which would report them as quota).
    /// </summary>
    public TimeSpan PerHostInterval { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>Test-only: provider host to loopback endpoint (see <see cref="LoopbackOverride"/>); empty in real use.</summary>
    public ImmutableDictionary<string, IPEndPoint> HostOverrides { get; init; } = ImmutableDictionary<string, IPEndPoint>.Empty;
}
