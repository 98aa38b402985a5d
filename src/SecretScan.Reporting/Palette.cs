using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>ANSI colour, or nothing at all when colour is off.</summary>
public sealed class Palette(bool enabled)
{
    private string Wrap(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
    public string Bold(string t) => Wrap("1", t);
    public string Red(string t) => Wrap("31", t);
    public string Green(string t) => Wrap("32", t);
    public string Yellow(string t) => Wrap("33", t);
    public string Severity(Severity s, string t) => s >= Core.Severity.High ? Red(t) : Yellow(t);
}
