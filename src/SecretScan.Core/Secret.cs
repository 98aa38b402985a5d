using System.Security.Cryptography;
using System.Text;

namespace SecretScan.Core;

/// <summary>
/// A matched credential. Its <see cref="ToString"/> is masked, so logging or interpolating one by mistake
/// never prints it; only <see cref="Reveal"/> hands out the clear text, and callers use it deliberately.
/// </summary>
public sealed class Secret : IEquatable<Secret>
{
    private readonly string _value;

    public Secret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    public int Length => _value.Length;

    public string Reveal() => _value;

    /// <summary>
    /// A short prefix and then stars. The prefix is at most 4 characters and at most a quarter of the secret,
    /// enough to tell which key it is (most carry a public prefix such as <c>ghp_</c>), never enough to use it.
    /// </summary>
    public string Masked()
    {
        string firstLine = _value.Split('\n', 2)[0].TrimEnd('\r');
        int shown = Math.Min(4, _value.Length / 4);
        if (firstLine.StartsWith("-----BEGIN", StringComparison.Ordinal) || firstLine.StartsWith("PuTTY-User-Key-File", StringComparison.Ordinal))
            return firstLine + " ********";
        return string.Concat(_value.AsSpan(0, shown), new string('*', Math.Clamp(_value.Length - shown, 4, 12)));
    }

    /// <summary>
    /// The first <paramref name="percentShown"/> percent of the characters (rounded down), then stars: for people who
    /// need more than <see cref="Masked"/> to tell two keys apart. The star count never says the secret's length, and
    /// line breaks of a multi-line secret are written as <c>\n</c> so the value stays on one line of a report.
    /// </summary>
    public string Redacted(int percentShown)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentShown, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentShown, 100);
        if (percentShown == 100) return _value;
        int shown = (int)((long)_value.Length * percentShown / 100);
        string prefix = _value[..shown].Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return string.Concat(prefix, new string('*', Math.Clamp(_value.Length - shown, 4, 12)));
    }

    public override string ToString() => Masked();
    public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);
    public override bool Equals(object? obj) => obj is Secret s && Equals(s);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}

/// <summary>
/// Stable identity of a finding: SHA-256 over rule id and secret, never a line number or a commit,
/// so baselines and ignores survive edits, moves and rebases. The path is added only where a scope is wanted.
/// </summary>
public static class Fingerprint
{
    public static string Of(string ruleId, Secret secret) => Hash(ruleId + "\0" + secret.Reveal());

    public static string Scoped(string fingerprint, string path) => Hash(fingerprint + "\0" + path);

    /// <summary>Hash of a secret alone, for storing beside a baseline entry without storing the secret.</summary>
    public static string OfSecret(Secret secret) => Hash(secret.Reveal());

    private static string Hash(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
