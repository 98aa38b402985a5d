using System.Collections.Immutable;
using System.Net;

namespace SecretScan.Verification;

/// <summary>
/// The test-only way to point verifiers at a loopback impersonator instead of the providers. It is safe to ship
/// because (1) it is read only from the environment of the process, which a scanned repository or its
/// <c>.secretscan.yaml</c> cannot set; (2) it is ignored unless a second, test-named variable says so; and (3) every
/// target must be a loopback address, so even a mistaken setting can only send a key to this machine, never elsewhere.
/// </summary>
public static class LoopbackOverride
{
    /// <summary><c>api.openai.com=127.0.0.1:5001,*=127.0.0.1:5002</c>: provider host (or <c>*</c>) to a loopback port.</summary>
    public const string HostsVariable = "SECRETSCAN_TEST_VERIFY_HOSTS";
    /// <summary>Must be <c>loopback-impersonator</c> for <see cref="HostsVariable"/> to be read at all.</summary>
    public const string GuardVariable = "SECRETSCAN_TEST_ONLY_VERIFY_OVERRIDE";
    public const string GuardValue = "loopback-impersonator";

    /// <summary>The overrides, or empty. Throws <see cref="FormatException"/> on a target that is not loopback.</summary>
    public static ImmutableDictionary<string, IPEndPoint> FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? hosts = getVariable(HostsVariable);
        if (string.IsNullOrWhiteSpace(hosts) || getVariable(GuardVariable) != GuardValue) return ImmutableDictionary<string, IPEndPoint>.Empty;
        return Parse(hosts);
    }

    public static ImmutableDictionary<string, IPEndPoint> Parse(string text)
    {
        var map = ImmutableDictionary.CreateBuilder<string, IPEndPoint>(StringComparer.OrdinalIgnoreCase);
        foreach (string entry in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = entry.IndexOf('=');
            if (eq <= 0 || !IPEndPoint.TryParse(entry[(eq + 1)..], out IPEndPoint? target) || target.Port == 0)
                throw new FormatException($"{HostsVariable}: '{entry}' is not HOST=IP:PORT");
            if (!IPAddress.IsLoopback(target.Address))
                throw new FormatException($"{HostsVariable}: '{entry}' does not point at a loopback address; the override only ever redirects to this machine");
            map[entry[..eq]] = target;
        }
        return map.ToImmutable();
    }

    public static IPEndPoint? For(ImmutableDictionary<string, IPEndPoint> overrides, string host) =>
        overrides.TryGetValue(host, out var target) ? target : overrides.GetValueOrDefault("*");
}
