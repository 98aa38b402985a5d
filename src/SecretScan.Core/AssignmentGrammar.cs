using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace SecretScan.Core;

/// <summary>
/// The vocabulary of one generic rule: which names are credential names, which neighbouring words make them
/// something else, and which calls and command-line flags take a secret by position. It is data (the
/// <c>assignment:</c> block of a rule file); <see cref="AssignmentGrammar"/> turns it into the rule's pattern.
/// </summary>
public sealed record AssignmentSpec
{
    /// <summary>Credential names as words (<c>account key</c>); each word boundary may be written in any case style.</summary>
    public ImmutableArray<string> Keys { get; init; } = [];
    /// <summary>Words that, right before a key, make it a non-credential (<c>public key</c>, <c>csrf token</c>, <c>next token</c>).</summary>
    public ImmutableArray<string> NotAfter { get; init; } = [];
    /// <summary>Words that, ending the key name, make it a non-credential (<c>password_file</c>, <c>token_url</c>); the shared list is used when empty.</summary>
    public ImmutableArray<string> NotEnding { get; init; } = [];
    /// <summary>Calls that take the secret by position: <c>NetworkCredential:2</c> is the second argument of <c>NetworkCredential(…)</c>.</summary>
    public ImmutableArray<string> Calls { get; init; } = [];
    /// <summary>Command-line flags followed by the secret (<c>--password</c>, <c>-storagekey</c>).</summary>
    public ImmutableArray<string> Flags { get; init; } = [];
    /// <summary>Shortest secret reported.</summary>
    public int MinLength { get; init; } = 8;
}

/// <summary>
/// One model of "a credential-named key bound to a value", shared by every generic rule, compiled into one .NET
/// regex per rule. A compiled regex keeps the detector's keyword prefilter and windows as they are (the grammar is
/// only a pattern), and the key alternation starts with literals, which the regex engine searches vectorised.
/// <para>
/// A binding is KEY, an optional closing quote or bracket, an OPERATOR and a VALUE:
/// <list type="bullet">
/// <item>KEY: a vocabulary word in any of camelCase, snake_case, kebab-case, dotted or SCREAMING_CASE, followed by
/// the rest of the name (<c>DB_PASSWORD_PROD</c>); a name that ends in a non-credential word (<c>_file</c>,
/// <c>_url</c>, <c>_length</c>) or follows one (<c>public_key</c>, <c>csrf_token</c>) is not a key.</item>
/// <item>OPERATOR: <c>=</c>, <c>:</c>, <c>:=</c>, <c>=&gt;</c>, <c>?=</c> (.env, export, INI, properties, TOML, YAML,
/// JSON, HCL, Python, JS/TS, Java/Kotlin, C#, Go, PHP, Ruby), a type annotation (<c>password: str =</c>), XML
/// <c>value=</c> after a key attribute (<c>&lt;add key="ApiKey" value="…"/&gt;</c>), the comma of PHP
/// <c>define('DB_PASSWORD', …)</c>, a YAML block scalar (<c>password: |</c> and the value on the next line), or an
/// XML element (<c>&lt;password&gt;…&lt;/password&gt;</c>).</item>
/// <item>VALUE: quoted or bare, and not a reference or an identifier (see <see cref="NotASecret"/>).</item>
/// </list>
/// Positional forms (<c>new NetworkCredential(user, "…")</c>) and flags (<c>--password …</c>) come from the
/// vocabulary's <c>calls</c> and <c>flags</c>.
/// </para>
/// </summary>
public static class AssignmentGrammar
{
    /// <summary>Name endings that turn a credential name into the name of something about the credential.</summary>
    public static readonly ImmutableArray<string> SharedNotEnding =
    [
        "file", "files", "path", "dir", "hash", "hashed", "digest", "salt", "len", "length", "size", "min", "max", "count",
        "policy", "field", "label", "prompt", "hint", "placeholder", "regex", "pattern", "format", "url", "uri", "endpoint",
        "name", "type", "types", "id", "ids", "mode", "ref", "env", "var", "expiry", "expires", "expiration", "ttl", "header",
        "param", "enabled", "required", "strength", "validation", "confirm", "confirmation", "reset", "changed", "input",
        "text", "message", "error", "icon", "button", "manager", "service", "provider", "helper", "validator", "encoder",
        "hasher", "generator", "strategy", "version", "rule", "rules", "ize", "izer", "izers", "ized", "izing", "ization",
        "source", "location", "arn", "key_id", "encryption", "encrypted", "algorithm", "algo", "method", "scheme", "cipher",
        "mechanism", "plugin", "backend", "command", "cmd", "timeout", "lifetime", "interval", "retries", "attempts",
        "history", "complexity", "reuse", "store", "storage", "column", "table", "flag", "flags", "auth", "class", "kind",
        "key_name", "keyname", "secret_name", "secretname", "ref_name", "selector", "display", "description", "desc",
        "schema", "template", "parser", "spec", "request", "response", "event", "callback", "handler", "list", "map",
        "index", "key_ref", "secret_ref", "secretref", "count", "mount", "volume",
    ];

    // A value that is a reference to a secret, or an identifier, is the secret's slot, not the secret.
    private const string NotASecretPattern = """
        ["'`]?(?:
            \$[{(A-Za-z_]|\{\{|\{%|\[\[|%\(|%[A-Za-z_][A-Za-z0-9_]*%|<|\#\{|@[A-Za-z_][A-Za-z0-9_.]*@|__[A-Za-z0-9_]+__|@Microsoft\.KeyVault\(|\(\(
          | (?:process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv|System\.getenv|Environment\.|ENV\[|ENV\.fetch
              |env\(|config\(|Config\.|configuration\[|settings\.|self\.|this\.|args\.|params\[|request\.|req\.
              |options\.|props\.|secrets\.|vars\.|context\.|\$_ENV|\$_SERVER|Deno\.env|viper\.)
          | (?:true|false|null|none|nil|undefined|required|optional|string|str|int|bool|bytes|secret|password|token)["'`]?(?=[\s;,)}\]]|$)
          | (?:/|\.{1,2}/|~/)[A-Za-z0-9_.@-]*(?:/[A-Za-z0-9_.@-]*)*["'`]?(?=[\s;,)}\]]|$)
          | [A-Za-z]:\\|https?://|file:|[a-z][a-z0-9+.-]{1,20}://(?![^\s/@"'`]*@)
          | \*{3,}|x{4,}|\.{3}|…
          | \$2[aby]\$|\$argon2|\{bcrypt\}|\{SHA|\$[156]\$|pbkdf2_sha
          | arn:
          | [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}["'`]?(?=[\s;,)}\]]|$)
          | (?:gh[pousr]|npm)_[A-Za-z0-9]{36}(?![A-Za-z0-9])
          | (?-i:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)["'`]?(?=[\s;,)}\]]|$)
          | (?-i:(?:[a-z]+|[A-Z][a-z]+)(?:[A-Z][a-z]+|A(?=[A-Z]))+)["'`]?(?=[\s;,)}\]]|$)
          | (?-i:_*[a-z]+(?:[_-][a-z]+)+)["'`]?(?=[\s;,)}\]]|$)
          | (?-i:(?!eyJ)(?:[a-z_][a-z0-9_]*|[A-Z]?[a-z]+(?:[A-Z][a-z0-9]*)*|[A-Z][A-Z0-9_]*)(?:(?:\.|::|\\\\?)(?:[a-z_][a-z0-9_]*|[A-Z]?[a-z]+(?:[A-Z][a-z0-9]*)*|[A-Z][A-Z0-9_]*))+)["'`]?(?=[\s;,)}\]]|$)
          | [A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)+["'`]?(?=[\s;,)}\]]|$)
          | [A-Za-z_$][A-Za-z0-9_$.]*(?:::[A-Za-z_]\w*)*\(
          | v?\d+(?:\.\d+){1,3}(?:[-+][A-Za-z0-9.]+)?["'`]?(?=[\s;,)}\]]|$)
          | [A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}["'`]?(?=[\s;,)}\]]|$)
        )
        """;

    /// <summary>The value test on its own, for tests and for anyone classifying a value the grammar did not bind.</summary>
    public static readonly Regex NotASecret = new("^(?xi:" + NotASecretPattern + ")", RegexOptions.CultureInvariant);

    /// <summary>The rule's pattern: every binding form over the spec's vocabulary, with the secret in group <c>secret</c>.</summary>
    public static string Compile(AssignmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var forms = new List<string>();
        if (!spec.Keys.IsEmpty) forms.Add(Binding(spec));
        foreach (string call in spec.Calls) forms.Add(Call(call, spec.MinLength));
        if (!spec.Flags.IsEmpty) forms.Add(Flag(spec));
        if (forms.Count == 0) throw new ArgumentException("an assignment needs keys, calls or flags", nameof(spec));
        return "(?xi)\n" + string.Join("\n|\n", forms.Select(f => "(?:" + f + ")"));
    }

    /// <summary>The prefilter literals: every spelling of every key, call and flag.</summary>
    public static ImmutableArray<string> Keywords(AssignmentSpec spec)
    {
        var words = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string key in spec.Keys)
        {
            string[] parts = Words(key);
            foreach (string sep in (ReadOnlySpan<string>)["", "_", "-", "."]) words.Add(string.Join(sep, parts));
        }
        foreach (string call in spec.Calls) words.Add(CallName(call));
        foreach (string flag in spec.Flags) words.Add(flag.TrimStart('-').Length >= 3 ? flag.TrimStart('-') : flag);
        // A keyword inside another is redundant for the prefilter: `password` already finds `db_password`.
        return [.. words.Where(w => w.Length >= 3 && !words.Any(o => o.Length < w.Length && o.Length >= 3 && w.Contains(o, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>One name word list to a pattern that accepts every case style: <c>account key</c> → <c>account[_.-]?key</c>.</summary>
    public static string KeyPattern(string key) => string.Join("[_.-]?", Words(key).Select(Regex.Escape));

    private static string[] Words(string key) =>
        key.Split([' ', '_', '-', '.'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } parts
            ? parts
            : throw new ArgumentException($"empty key '{key}'", nameof(key));

    private static string Alternation(IEnumerable<string> patterns) =>
        string.Join("|", patterns.Distinct(StringComparer.Ordinal).OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal));

    private static string Binding(AssignmentSpec spec)
    {
        var notEnding = spec.NotEnding.IsEmpty ? SharedNotEnding : spec.NotEnding;
        string keys = Alternation(spec.Keys.Select(KeyPattern));
        string notAfter = spec.NotAfter.IsEmpty ? "" : $"(?<!(?:{Alternation(spec.NotAfter.Select(KeyPattern))})[_.-]?)";
        string ending = Alternation(notEnding.Select(KeyPattern));
        int min = spec.MinLength;
        var sb = new StringBuilder();
        sb.Append($$"""
            (?<!::[A-Za-z0-9]{0,40})(?<![A-Za-z0-9]:)(?<!/)                      # AWS::X::ApiKey types, arn:…:secret:name paths
            {{notAfter}}
            (?:{{keys}})
            (?>[A-Za-z0-9_.-]{0,24})                                  # the rest of the name: DB_PASSWORD_PROD
            (?<!(?:{{ending}}))
            (?:
              ["'`]?\]?
              (?:[ \t]*:[ \t]*[A-Za-z][A-Za-z0-9_.\[\]?]{0,20}[ \t]*(?==))?   # a type annotation: password: str = …
              (?:[ \t]*(?::=|=>|\?=|=|:)[ \t]*|["'][ \t]+value[ \t]*=[ \t]*|(?<=\bdefine\([ \t]*["'][A-Za-z0-9_]{0,40}["'])[ \t]*,[ \t]*)
              (?![=:>])
              (?!{{NotASecretPattern}})
              (?:"(?<secret>[^"\s\\]{{{min}},200})"
                |'(?<secret>[^'\s\\]{{{min}},200})'
                |`(?<secret>[^`\s\\]{{{min}},200})`
                |(?=[^\s"'`;,&]*[0-9!@\#%^*+=?~])                        # bare: must hold a digit or a symbol
                 (?<secret>[^\s"'`;,&<>(){}\[\]\\]{{{min}},200})(?=[\s;,"'`)}\]]|$)
              )
            | :[ \t]*[|>][-+0-9]*[ \t]*\r?\n[ \t]+                       # a YAML block scalar: the value is the next line
              (?!{{NotASecretPattern}})
              (?<secret>[^\s"'`]{{{min}},200})[ \t]*(?=\r?$)
            | >(?!{{NotASecretPattern}})(?<secret>[^<>\s"'`]{{{min}},200})</     # an XML element: <password>…</password>
            )
            """);
        return sb.ToString();
    }

    private static string CallName(string call) => call.Split(':')[0].Trim();

    private static string Call(string call, int min)
    {
        string[] parts = call.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], out int position) || position < 1 || position > 8)
            throw new ArgumentException($"call '{call}' must be NAME:POSITION (1-8)", nameof(call));
        const string argument = """[ \t]*(?:"[^"\r\n]*"|'[^'\r\n]*'|[^,()"'\r\n]+(?:\([^()\r\n]*\))?)[ \t]*,""";
        string before = string.Concat(Enumerable.Repeat(argument, position - 1));
        return $$"""
            (?<![A-Za-z0-9_]){{Regex.Escape(parts[0].Trim())}}[ \t]*\({{before}}[ \t]*
            (?:"(?<secret>[^"\s\\]{{{min}},200})"|'(?<secret>[^'\s\\]{{{min}},200})')
            [ \t]*[,)]
            """;
    }

    private static string Flag(AssignmentSpec spec)
    {
        string flags = Alternation(spec.Flags.Select(Regex.Escape));
        int min = spec.MinLength;
        return $$"""
            (?<![A-Za-z0-9_-])(?:{{flags}})(?:=|[ \t]+)
            (?!{{NotASecretPattern}})
            (?:"(?<secret>[^"\s\\]{{{min}},200})"|'(?<secret>[^'\s\\]{{{min}},200})'|(?<secret>[^\s"'`;&|<>()\\]{{{min}},200}))
            (?=[\s;&|"')]|$)
            """;
    }
}
