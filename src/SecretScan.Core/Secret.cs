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
