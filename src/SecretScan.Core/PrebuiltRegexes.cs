using System.Runtime.CompilerServices;
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

    /// <summary>The build-time regex of <paramref name="pattern"/>, if there is one, whatever the runtime.</summary>
    public static Regex? Lookup(string pattern) => _lookup?.Invoke(pattern);

    /// <summary>
    /// The build-time regex where it is machine code already, that is under Native AOT. Under a JIT the generated
    /// matcher of a 12 KB pattern is itself compiled at its first match (most of a second here, past the match
    /// timeout), while the interpreter builds the pattern in a few milliseconds.
    /// </summary>
    internal static Regex? Find(string pattern) => RuntimeFeature.IsDynamicCodeCompiled ? null : Lookup(pattern);
}
