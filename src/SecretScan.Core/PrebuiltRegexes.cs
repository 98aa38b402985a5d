using System.Text.RegularExpressions;

namespace SecretScan.Core;

/// <summary>
/// Regexes compiled at build time by the .NET regex source generator, for patterns known then: the default generic
/// rules, whose assignment-grammar patterns are 6–12 KB. Under Native AOT a regex is otherwise parsed and interpreted
/// at run time, and building those five took about half of a pre-commit scan's instructions. A pattern is found by its
/// exact text, so an edited rule (or a user's) builds its regex at run time as before, with the same options.
/// </summary>
public static class PrebuiltRegexes
{
    private static volatile Func<string, Regex?>? _lookup;

    /// <summary>Installs the build-time regexes (SecretScan.Rules does, for the default rules).</summary>
    public static void Register(Func<string, Regex?> lookup) => _lookup = lookup;

    internal static Regex? Find(string pattern) => _lookup?.Invoke(pattern);
}
