using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace SecretScan.Core;

/// <summary>How sure a finding is to be a live credential. Ordered so that a larger value is surer.</summary>
public enum Confidence { Low = 1, Medium = 2, High = 3 }

public static class ConfidenceNames
{
    public static string Name(Confidence c) => c.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out Confidence confidence)
    {
        confidence = Confidence.Medium;
        return text is not null && Enum.TryParse(text, ignoreCase: true, out confidence) && Enum.IsDefined(confidence) && !int.TryParse(text, out _);
    }

    /// <summary>The rule's own claim: <c>precision</c> from its file.</summary>
    public static Confidence OfPrecision(string precision) => precision switch
    {
        "very-high" or "high" => Confidence.High,
        "medium" => Confidence.Medium,
        _ => Confidence.Low,
    };
}

/// <summary>
/// How much of a value is made of common words: <c>correcthorsebatterystaple</c> is all words, a random token
/// almost none. Shannon entropy alone rates both alike (letter variety is the same), which is why made-up
/// passphrases and labels otherwise pass as secrets.
/// </summary>
public static class WordScore
{
    // Common English words and sub-words that people and code put into values; nothing shorter than 3 letters,
    // which would cover random text by chance.
    private static readonly string[] Words =
    [
        "correct", "horse", "battery", "staple", "admin", "administrator", "password", "secret", "token", "access", "login",
        "welcome", "summer", "winter", "spring", "autumn", "monkey", "dragon", "master", "shadow", "sunshine", "princess",
        "football", "baseball", "soccer", "hockey", "letmein", "trustno", "super", "user", "guest", "root", "default",
        "change", "please", "hello", "world", "test", "testing", "demo", "local", "development", "develop", "production",
        "staging", "server", "client", "service", "account", "database", "mysql", "postgres", "redis", "mongo", "backup",
        "deploy", "release", "build", "config", "configuration", "settings", "application", "system", "network", "internal",
        "public", "private", "company", "office", "window", "windows", "linux", "apple", "orange", "banana", "cherry", "lemon",
        "purple", "yellow", "green", "black", "white", "silver", "golden", "happy", "lucky", "magic", "power", "tiger", "lion",
        "eagle", "falcon", "wolf", "bear", "cat", "dog", "bird", "fish", "river", "ocean", "mountain", "forest", "flower",
        "garden", "house", "home", "family", "friend", "love", "heart", "star", "moon", "sun", "sky", "rain", "snow", "fire",
        "water", "earth", "stone", "rock", "metal", "music", "guitar", "piano", "coffee", "pizza", "cookie", "chocolate",
        "keyboard", "mouse", "computer", "laptop", "phone", "mobile", "internet", "online", "email", "mail", "message",
        "google", "amazon", "azure", "cloud", "docker", "kube", "kubernetes", "jenkins", "github", "gitlab", "travis",
        "example", "sample", "dummy", "value", "string", "number", "random", "simple", "strong", "secure", "safe", "hidden",
        "key", "keys", "pass", "word", "phrase", "code", "data", "info", "name", "first", "last", "next", "new", "old",
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "thousand", "million",
        "red", "blue", "big", "small", "little", "good", "great", "best", "cool", "nice", "fun", "game", "play", "player",
        "team", "group", "project", "product", "market", "store", "shop", "order", "orders", "payment", "billing", "invoice",
        "customer", "report", "reports", "admin", "manager", "owner", "operator", "support", "help", "info", "contact",
        "the", "and", "for", "you", "your", "our", "this", "that", "with", "from", "not", "all", "any", "can", "get", "set",
        "put", "use", "make", "take", "keep", "open", "close", "start", "stop", "run", "let",
    ];

    private static readonly string[] ByLength = [.. Words.Distinct().OrderByDescending(w => w.Length)];

    /// <summary>The share (0–1) of the value's letters covered by common words, read left to right, longest word first.</summary>
    public static double Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string text = value.ToLowerInvariant();
        int letters = text.Count(char.IsAsciiLetter);
        if (letters == 0) return 0;
        int covered = 0;
        for (int i = 0; i < text.Length;)
        {
            string? word = null;
            foreach (string w in ByLength)
                if (w.Length <= text.Length - i && string.CompareOrdinal(text, i, w, 0, w.Length) == 0) { word = w; break; }
            if (word is not null) { covered += word.Length; i += word.Length; }
            else i++;
        }
        return Math.Min(1, (double)covered / letters);
    }
}

/// <summary>What a file's path (and, for front-end code, its content) says about a secret in it.</summary>
public static class FindingContext
{
    private static readonly string[] DocFolders = ["docs", "doc", "documentation", "man"];
    private static readonly string[] DocExtensions = [".md", ".markdown", ".rst", ".adoc", ".asciidoc"];
    private static readonly string[] ExampleFolders = ["examples", "example", "samples", "sample", "demo", "demos"];
    private static readonly string[] FixtureFolders = ["fixtures", "fixture", "__fixtures__", "testdata", "test-data", "test_data", "__mocks__", "mocks", "test", "tests", "__tests__", "spec", "specs"];
    private static readonly string[] TemplateExtensions = [".example", ".sample", ".template", ".tmpl", ".tpl", ".dist"];
    private static readonly string[] ServedFolders = ["public", "static", "dist", "build", "wwwroot", "htdocs", "public_html"];
    private static readonly string[] FrontEndExtensions = [".js", ".jsx", ".ts", ".tsx", ".mjs", ".vue", ".svelte", ".astro"];

    /// <summary>Names of variables that front-end build tools inline into the bundle every visitor downloads.</summary>
    public static readonly ImmutableArray<string> PublicEnvPrefixes = ["NEXT_PUBLIC_", "VITE_", "REACT_APP_", "NUXT_PUBLIC_", "EXPO_PUBLIC_", "GATSBY_"];

    /// <summary>Why a secret at this path is less likely live (documentation, an example, a test fixture); null when nothing says so.</summary>
    public static string? LowerReason(string path)
    {
        string[] parts = Parts(path, out string file, out string ext);
        if (Array.Exists(TemplateExtensions, e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            return $"in a template or example file ({ext})";
        if (DocExtensions.Contains(ext, StringComparer.OrdinalIgnoreCase)) return "in documentation";
        foreach (string folder in parts)
        {
            if (DocFolders.Contains(folder, StringComparer.OrdinalIgnoreCase)) return $"in documentation ({folder}/)";
            if (ExampleFolders.Contains(folder, StringComparer.OrdinalIgnoreCase)) return $"in example code ({folder}/)";
            if (FixtureFolders.Contains(folder, StringComparer.OrdinalIgnoreCase)) return $"in tests or test fixtures ({folder}/)";
        }
        return null;
    }

    /// <summary>Why a secret at this path is public to every visitor of a web site; null when nothing says so.</summary>
    public static string? BrowserExposure(string path, bool readsPublicEnv)
    {
        string[] parts = Parts(path, out _, out string ext);
        for (int i = 0; i < parts.Length; i++)
        {
            if (ServedFolders.Contains(parts[i], StringComparer.OrdinalIgnoreCase)) return $"served to browsers ({parts[i]}/)";
            if (parts[i].Equals("wp-content", StringComparison.OrdinalIgnoreCase) && i + 1 < parts.Length
                && (parts[i + 1].Equals("themes", StringComparison.OrdinalIgnoreCase) || parts[i + 1].Equals("plugins", StringComparison.OrdinalIgnoreCase)))
                return $"in a WordPress {parts[i + 1].ToLowerInvariant()[..^1]}, whose files are served and distributed";
        }
        if (ext.Equals(".html", StringComparison.OrdinalIgnoreCase) || ext.Equals(".htm", StringComparison.OrdinalIgnoreCase)) return "in an HTML page served to browsers";
        if (readsPublicEnv && FrontEndExtensions.Contains(ext, StringComparer.OrdinalIgnoreCase))
            return "in front-end code that reads build-time public variables (NEXT_PUBLIC_/VITE_/REACT_APP_), which are bundled for browsers";
        return null;
    }

    /// <summary>Whether content reads variables that a front-end build inlines into the bundle.</summary>
    public static bool ReadsPublicEnv(string content)
    {
        foreach (string prefix in PublicEnvPrefixes)
            if (content.Contains(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    private static string[] Parts(string path, out string file, out string ext)
    {
        string[] parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        file = parts.Length > 0 ? parts[^1] : "";
        ext = Path.GetExtension(file);
        return parts.Length > 1 ? parts[..^1] : [];
    }
}

/// <summary>
/// Never suppresses: notes which scanned files read build-time public variables, which only the fragment's content
/// tells, so that <see cref="FindingAssessor"/> can say a front-end secret is public to every visitor.
/// </summary>
public sealed class PublicEnvProbe : IFindingFilter
{
    private readonly ConcurrentDictionary<string, bool> _paths = new(StringComparer.Ordinal);

    public Stage Stage => Stage.Placeholder;

    public bool Suppresses(Finding finding, Fragment fragment)
    {
        _paths.GetOrAdd(finding.Location.Path, _ => FindingContext.ReadsPublicEnv(fragment.Content));
        return false;
    }

    public bool ReadsPublicEnv(string path) => _paths.TryGetValue(path, out bool reads) && reads;
}

/// <summary>
/// Gives every finding its confidence and context, merges repeats of one secret in one file, and holds back what
/// is below the minimum confidence (counted, never silently). Confidence starts from the rule's <c>precision</c>
/// (a checksum makes it high); a generic finding whose value is mostly dictionary words is low; documentation,
/// examples, fixtures and <c>*.example</c>/<c>*.sample</c>/<c>*.template</c> files lower it one level, with the reason.
/// </summary>
public static class FindingAssessor
{
    /// <summary>A generic value this much made of common words is a made-up phrase or a label far more often than a key.</summary>
    public const double WordyValue = 0.6;

    public static Finding Assess(Finding f, bool readsPublicEnv = false)
    {
        Confidence confidence = f.Rule.Checksum is not null ? Confidence.High : ConfidenceNames.OfPrecision(f.Rule.Precision);
        var reasons = new List<string>();
        if (f.Rule.Generic && WordScore.Of(f.Secret.Reveal()) >= WordyValue)
        {
            confidence = Confidence.Low;
            reasons.Add("the value is mostly dictionary words");
        }
        if (FindingContext.LowerReason(f.Location.Path) is { } context)
        {
            if (confidence > Confidence.Low) confidence--;
            reasons.Add(context);
        }
        return f with
        {
            Confidence = confidence,
            ConfidenceReason = reasons.Count == 0 ? null : string.Join("; ", reasons),
            Exposure = FindingContext.BrowserExposure(f.Location.Path, readsPublicEnv),
        };
    }

    /// <summary>Assesses, merges and filters the findings of one scan; <paramref name="heldBack"/> counts those below <paramref name="minimum"/>.</summary>
    public static ImmutableArray<Finding> Apply(IEnumerable<Finding> findings, Confidence minimum, Func<string, bool>? readsPublicEnv, out int heldBack)
    {
        var kept = new List<Finding>();
        heldBack = 0;
        foreach (Finding f in MergeRepeats(findings))
        {
            Finding assessed = Assess(f, readsPublicEnv?.Invoke(f.Location.Path) ?? false);
            if (assessed.Confidence < minimum) heldBack++;
            else kept.Add(assessed);
        }
        return [.. kept];
    }

    /// <summary>
    /// The same secret on many lines of one file is one leak to rotate: the first sighting is kept and the others are
    /// counted. History findings are already merged per file across commits.
    /// </summary>
    public static IEnumerable<Finding> MergeRepeats(IEnumerable<Finding> findings)
    {
        var firstOf = new Dictionary<(string, string, string), int>();
        var merged = new List<Finding>();
        foreach (Finding f in findings)
        {
            string scope = f.Provenance is CommitProvenance c ? (c.InMessage ? "message:" + c.Commit : "history") : f.Provenance.GetType().Name;
            var key = (f.Fingerprint, f.Location.Path, scope);
            if (f.Provenance is CommitProvenance || !firstOf.TryGetValue(key, out int at))
            {
                if (f.Provenance is not CommitProvenance) firstOf[key] = merged.Count;
                merged.Add(f);
                continue;
            }
            merged[at] = merged[at] with { RepeatedInFile = merged[at].RepeatedInFile + 1 };
        }
        return merged;
    }
}
