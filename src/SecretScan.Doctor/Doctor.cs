using System.Globalization;
using SecretScan.Core;

namespace SecretScan.Doctor;

/// <summary>
/// <c>secretscan doctor</c>: the checklist a support engineer walks for "my API key is invalid", one variable at a
/// time. Which keys the project expects, whether and where each is set, whether its value survived the trip into
/// the environment intact, whether it has its provider's format, whether it leaked, and (only when asked) what the
/// provider says. Values never leave this class in clear: checks carry masked forms, file positions and fingerprints.
/// </summary>
public sealed class Doctor(DoctorRequest request)
{
    private static readonly string[] BaseUrlSuffixes = ["BASE_URL", "API_BASE", "API_BASE_URL", "API_URL", "ENDPOINT", "API_HOST"];
    private static readonly (string Setting, string[] Suffixes)[] IdSettings = [("org", ["ORG_ID", "ORGANIZATION", "ORGANIZATION_ID", "ORG"]), ("project", ["PROJECT_ID", "PROJECT"])];

    private sealed record Definition(string Where, string Value, DotenvEntry? Entry, EnvFile? File);

    public DoctorReport Run(CancellationToken cancellationToken)
    {
        string root = request.Root;
        List<EnvReference> references = EnvReferences.Find(root);
        var expected = new List<ExpectedVariable>();
        foreach (var group in references.GroupBy(r => r.Name, StringComparer.Ordinal))
            if (VariableNames.LooksLikeCredential(group.Key))
                expected.Add(new ExpectedVariable(group.Key, [.. group.Select(r => r.Where).Distinct()], FromCommandLine: false));
        foreach (string name in request.ExtraNames.Distinct(StringComparer.Ordinal))
        {
            int known = expected.FindIndex(v => v.Name == name);
            if (known >= 0) expected[known] = expected[known] with { FromCommandLine = true };
            else expected.Add(new ExpectedVariable(name, [.. references.Where(r => r.Name == name).Select(r => r.Where).Distinct()], FromCommandLine: true));
        }

        List<EnvFile> files = EnvFiles.Find(root);
        var checks = new List<DoctorCheck>();
        if (expected.Count == 0)
        {
            checks.Add(new("", "expected", CheckStatus.Warn, "the code under this folder reads no credential-like environment variable",
                "name the variable to check with --env NAME"));
            return new DoctorReport(root, expected, checks, request.Online);
        }
        var formats = new KeyFormats(request.Rules);
        // The scan of files and history is the costly part: it runs once, only with the rules that recognise one of
        // the values to look up (a history of thousands of commits is read with a handful of rules, not 445), and
        // only when there is such a value.
        var leaks = new Lazy<LeakSearch>(() =>
        {
            List<Rule> rules = LeakRules(expected, files, formats);
            LeakSearch search = rules.Count == 0 ? LeakSearch.None : LeakSearch.Run(root, rules, files.Where(f => !f.ComposeEnvironment).Select(f => f.RelativePath), cancellationToken);
            foreach (string problem in search.Problems) checks.Add(new("", "leaked", CheckStatus.Warn, problem));
            return search;
        });
        var readsByName = references.ToLookup(r => r.Name, StringComparer.Ordinal);
        foreach (ExpectedVariable variable in expected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            checks.AddRange(Examine(variable, readsByName[variable.Name].ToList(), files, formats, leaks, cancellationToken));
        }
        return new DoctorReport(root, expected, checks, request.Online);
    }

    private List<DoctorCheck> Examine(ExpectedVariable variable, List<EnvReference> reads, List<EnvFile> files, KeyFormats formats, Lazy<LeakSearch> leakSearch, CancellationToken cancellationToken)
    {
        string name = variable.Name;
        var checks = new List<DoctorCheck>();
        var definitions = new List<Definition>();
        bool inEnvironment = request.Environment.TryGetValue(name, out string? envValue);
        if (inEnvironment) definitions.Add(new Definition("the environment", envValue!, null, null));
        foreach (EnvFile file in files)
            foreach (DotenvEntry e in file.Entries.Where(e => e.Name == name))
                definitions.Add(new Definition(e.Where, e.Value, e, file));

        // 2. Presence.
        bool misspelled = false;
        if (definitions.Count == 0)
        {
            var near = NearMisses(name, files).ToList();
            if (near.Count > 0)
            {
                checks.Add(new(name, "presence", CheckStatus.Fail, $"not set, but {string.Join(", ", near.Select(n => $"{n.Name} is defined in {n.Definition.Where}"))}: a misspelling?",
                    $"rename {near[0].Name} to {name} (environment names are exact and case-sensitive)"));
                // The misspelled definition is still the value the user meant: the rest of the checklist judges it.
                definitions.AddRange(near.Select(n => n.Definition));
                misspelled = true;
            }
            else if (!variable.FromCommandLine && reads.Count > 0 && reads.All(r => EnvReferences.IsCiFile(r.File)))
                checks.Add(new(name, "presence", CheckStatus.Warn, $"read only by CI ({reads[0].Where}); not set here",
                    "set it as a secret of the CI service; the doctor cannot see those"));
            else
                checks.Add(new(name, "presence", CheckStatus.Fail, "not set: neither in this environment nor in any .env file",
                    $"add {name}=... to .env.local (kept out of git) or export it before starting the app"));
            if (!misspelled) return checks;
        }
        Definition winner = Winner(definitions);
        string others = definitions.Count > 1 ? $"; also in {string.Join(", ", definitions.Where(d => d != winner).Select(d => d.Where))}" : "";
        if (!misspelled) checks.Add(new(name, "presence", CheckStatus.Pass, $"set in {winner.Where}{WhyWinner(winner)}{others}"));
        var production = files.Where(f => f.IsProduction).ToList();
        if (!misspelled && production.Count > 0 && definitions.Any(d => d.File is null || d.File.LocalRank is not null) && !definitions.Any(d => d.File?.IsProduction == true))
            checks.Add(new(name, "production", CheckStatus.Fail, $"set locally but missing from {string.Join(", ", production.Select(p => p.RelativePath))}",
                $"add {name} to {production[0].RelativePath} (or to the production secret store) before deploying"));

        // 3. Hygiene, per definition.
        foreach (Definition d in definitions) checks.AddRange(Hygiene(name, d));
        checks.AddRange(Duplicates(name, definitions, winner));

        // 4. Format, of each distinct value that matters: the one that wins, and the production one.
        LeakSearch leaks = leakSearch.Value;
        var values = new List<Definition> { winner };
        values.AddRange(definitions.Where(d => d.File?.IsProduction == true && Clean(d.Value) != Clean(winner.Value)));
        Rule? matched = null;
        foreach (Definition d in values)
        {
            string clean = Clean(d.Value);
            string label = values.Count > 1 ? $"{d.Where}: " : "";
            if (clean.Length == 0 || Placeholders.IsPlaceholder(clean)) continue;
            FormatVerdict verdict = formats.Check(name, clean);
            checks.Add(new(name, "format", verdict.Status, label + verdict.Message, verdict.Advice));
            if (d == winner && verdict.Status == CheckStatus.Pass) matched = verdict.Rule;
            // 5. Leaked: said first, because it changes what to do: rotate, whatever else is wrong.
            var sightings = leaks.SightingsOf(clean).Concat(clean != d.Value ? leaks.SightingsOf(d.Value) : []).Distinct().ToList();
            Rule? rule = verdict.Rule ?? formats.MeantByName(name).FirstOrDefault();
            if (sightings.Count > 0)
                checks.Insert(0, new(name, "leaked", CheckStatus.Fail,
                    $"{label}the value is in {(sightings.Any(s => s.Commit is not null) ? "git history" : "the project's files, which go into git with the code")}: {string.Join(", ", sightings.Take(3).Select(s => s.Describe()))}{(sightings.Count > 3 ? $" and {sightings.Count - 3} more" : "")}",
                    $"rotate the key before anything else{(rule is null ? "" : $": {rule.Rotation.Url}")}; then remove it from the code and history"));
            else if (d == winner && leaks.Ran)
                checks.Add(new(name, "leaked", CheckStatus.Pass, leaks.ScannedHistory ? "not found in the project's files or git history" : "not found in the project's files (not a git repository)"));
        }

        // Settings around the key: base URL, organisation and project ids.
        checks.AddRange(RelatedSettings(name, matched ?? formats.MeantByName(name).FirstOrDefault(), files, out List<string> related));

        // 6. Online.
        if (request.Online)
        {
            string clean = Clean(winner.Value);
            if (matched is null)
                checks.Add(new(name, "online", CheckStatus.Warn, "not asked: the value does not have a known provider format yet", "fix the format first, then run with --online again"));
            else
                checks.Add(OnlineCheck.Run(name, matched, clean, request.Verifier, related, cancellationToken));
        }
        return checks;
    }

    /// <summary>The rules that match one of the values the doctor will look up, as the format check reads them.</summary>
    private List<Rule> LeakRules(List<ExpectedVariable> expected, List<EnvFile> files, KeyFormats formats)
    {
        var rules = new HashSet<Rule>(ReferenceEqualityComparer.Instance);
        foreach (ExpectedVariable v in expected)
        {
            var values = files.SelectMany(f => f.Entries).Where(e => e.Name == v.Name || VariableNames.IsNearMiss(v.Name, e.Name)).Select(e => e.Value)
                .Concat(request.Environment.Where(kv => kv.Key == v.Name || VariableNames.IsNearMiss(v.Name, kv.Key)).Select(kv => kv.Value));
            foreach (string value in values.Select(Clean).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (formats.ExactRule(v.Name, value, out Finding? partial) is Rule exact) rules.Add(exact);
                if (partial is not null) rules.Add(partial.Rule);
            }
        }
        return [.. request.Rules.Where(rules.Contains)];
    }

    private static Definition Winner(List<Definition> definitions) =>
        definitions.FirstOrDefault(d => d.File is null)
        ?? definitions.Where(d => d.File!.LocalRank is not null).OrderBy(d => d.File!.LocalRank).ThenByDescending(d => d.Entry!.Line).FirstOrDefault()
        ?? definitions.Where(d => d.File!.FromCompose || d.File.ComposeEnvironment).OrderByDescending(d => d.Entry!.Line).FirstOrDefault()
        ?? definitions[0];

    private static string WhyWinner(Definition winner) => winner.File switch
    {
        null => " (the process environment wins over every .env file: loaders do not override a variable that is already set)",
        { LocalRank: not null } => "",
        { ComposeEnvironment: true } => " (compose environment)",
        { FromCompose: true } => " (a compose env_file)",
        _ => $" (only: {Path.GetFileName(winner.File.RelativePath)} is not loaded in a local development run)",
    };

    private IEnumerable<(string Name, Definition Definition)> NearMisses(string name, List<EnvFile> files)
    {
        foreach (EnvFile f in files)
            foreach (DotenvEntry e in f.Entries)
                if (VariableNames.IsNearMiss(name, e.Name)) yield return (e.Name, new Definition(e.Where, e.Value, e, f));
        foreach (string env in request.Environment.Keys.Order(StringComparer.Ordinal))
            if (VariableNames.IsNearMiss(name, env)) yield return (env, new Definition("the environment", request.Environment[env], null, null));
    }

    /// <summary>The value as the key it should be: quotes of any kind, whitespace and line ends taken off.</summary>
    internal static string Clean(string value)
    {
        string v = value.Trim().Trim('\r', '\n').Trim();
        while (v.Length >= 2 && IsQuote(v[0]) && IsQuote(v[^1])) v = v[1..^1].Trim();
        if (v.StartsWith("export ", StringComparison.Ordinal)) v = v[7..].Trim();
        int comment = v.IndexOf(" #", StringComparison.Ordinal);
        if (comment > 0) v = v[..comment].TrimEnd();
        return v;
    }

    private static bool IsQuote(char c) => c is '"' or '\'' or '`' or '\u201C' or '\u201D' or '\u2018' or '\u2019';

    private static IEnumerable<DoctorCheck> Hygiene(string name, Definition d)
    {
        string v = d.Value;
        string at = d.Where;
        DotenvEntry? e = d.Entry;
        bool any = false;
        DoctorCheck Fail(string message, string advice) { any = true; return new(name, "hygiene", CheckStatus.Fail, $"{at}: {message}", advice); }
        DoctorCheck Warn(string message, string advice) { any = true; return new(name, "hygiene", CheckStatus.Warn, $"{at}: {message}", advice); }

        if (v.Length == 0 && e?.Unclosed != true) { yield return Fail("set, but empty", $"put the key after '{name}='"); yield break; }
        if (e?.Unclosed == true) yield return Fail($"the opening quote ({e.Quote}) is never closed, so loaders read the rest of the file or fail", "close the quote, or drop it: keys need no quotes");
        else if (v.Length >= 2 && IsQuote(v[0]) && IsQuote(v[^1]))
            yield return Fail($"literal quotes are part of the value ({v[0]}...{v[^1]}){(e is null ? "" : d.File!.ComposeEnvironment ? ": compose keeps them in the list form '- NAME=\"value\"'" : "")}",
                e is null ? $"set it without quotes (cmd's set {name}=\"...\" keeps them)" : "remove the quotes: write NAME=value");
        else if (v.Length > 0 && (IsQuote(v[0]) || IsQuote(v[^1])))
            yield return Fail($"a stray quote at the {(IsQuote(v[0]) ? "start" : "end")} of the value", "remove the quote");
        if (v.Length > 0 && v.Trim().Length > 0 && (char.IsWhiteSpace(v[0]) || char.IsWhiteSpace(v[^1])) && !v.EndsWith('\r') && !v.EndsWith('\n'))
            yield return Fail($"{(char.IsWhiteSpace(v[0]) ? "leading" : "trailing")} whitespace inside the value", "remove the spaces: providers compare keys exactly");
        if (v.Contains('\r')) yield return Fail("a carriage return (\\r) is part of the value", "set it again from a file with LF line endings, or trim it");
        if (v.TrimEnd('\r', '\n').Contains('\n') && !v.Contains("-----BEGIN", StringComparison.Ordinal))
            yield return Fail("the value spans more than one line (an embedded newline)", "put the key on one line");
        if (e is null)
        {
            if (v.StartsWith("export ", StringComparison.Ordinal)) yield return Fail("the value starts with 'export '", "set only the key as the value");
            if (v.Contains(" #", StringComparison.Ordinal)) yield return Fail("a comment (' #...') is part of the value", "set only the key as the value");
        }
        else if (!d.File!.ComposeEnvironment)
        {
            if (e.Quote is not null && !e.Unclosed && !(v.Length > 0 && IsQuote(v[0])))
                yield return Warn("quoted: dotenv loaders drop the quotes, but 'docker run --env-file' and hand-written loaders keep them in the key", "write the key without quotes; keys never need them");
            if (e.Quote is null && e.NaiveValue.TrimEnd('\r').Length > 0 && (e.NaiveValue.TrimEnd('\r') != e.NaiveValue.TrimEnd('\r').Trim()) && e.Comment is null)
                yield return Warn("whitespace around the value: dotenv trims it, 'docker run --env-file' and 'source' keep it", "remove the spaces");
            if (e.CrLf) yield return Warn("Windows line endings: 'source .env', 'docker run --env-file' and naive loaders keep a carriage return at the end of the key", "save the file with LF line endings");
            if (e.Export) yield return Warn("'export ' prefix: dotenv accepts it, but 'docker run --env-file' reads the name as 'export " + name + "'", "drop 'export ' unless the file is only ever sourced by a shell");
            if (e.Comment is not null && e.Quote is null)
                yield return Warn("a trailing comment after an unquoted value: dotenv cuts it off, a naive loader keeps ' #...' in the key", "put the comment on its own line");
        }
        if (Placeholders.IsPlaceholder(Clean(v)) && Clean(v).Length > 0)
            yield return Fail($"still a placeholder ({new Secret(Clean(v)).Masked()})", "replace it with the real key from the provider's console");
        if (!any) yield return new(name, "hygiene", CheckStatus.Pass, $"{at}: no quotes, spaces, line ends or placeholders in the value");
    }

    private static IEnumerable<DoctorCheck> Duplicates(string name, List<Definition> definitions, Definition winner)
    {
        foreach (var inFile in definitions.Where(d => d.File is not null).GroupBy(d => d.File!.RelativePath))
        {
            var list = inFile.ToList();
            if (list.Count > 1 && list.Select(d => Clean(d.Value)).Distinct(StringComparer.Ordinal).Count() > 1)
                yield return new(name, "duplicate", CheckStatus.Fail,
                    $"defined {list.Count} times in {inFile.Key} (lines {string.Join(", ", list.Select(d => d.Entry!.Line))}) with different values: loaders disagree which one wins",
                    "keep one definition");
        }
        var local = definitions.Where(d => d.File is null || d.File.LocalRank is not null).ToList();
        var differing = local.Where(d => d != winner && Clean(d.Value) != Clean(winner.Value)).ToList();
        if (differing.Count > 0)
            yield return new(name, "duplicate", CheckStatus.Warn,
                $"{winner.Where} differs from {string.Join(", ", differing.Select(d => d.Where))} and wins",
                winner.File is null ? $"unset {name} in this shell (or update it) if the .env value is the right one" : "delete the stale definitions so there is one place to update");
    }

    private IEnumerable<DoctorCheck> RelatedSettings(string name, Rule? rule, List<EnvFile> files, out List<string> related)
    {
        related = [];
        var checks = new List<DoctorCheck>();
        string prefix = VariableNames.Prefix(name);
        if (prefix.Length == 0) return checks;
        string? Lookup(string setting, out string where)
        {
            if (request.Environment.TryGetValue(setting, out string? v)) { where = "the environment"; return v; }
            foreach (EnvFile f in files.OrderBy(f => f.LocalRank ?? 99))
                if (f.Entries.LastOrDefault(e => e.Name == setting) is { } e) { where = e.Where; return e.Value; }
            where = "";
            return null;
        }
        string? officialHost = rule?.Verify is { } spec && Uri.TryCreate(spec.Url, UriKind.Absolute, out Uri? u) ? u.Host : null;
        foreach (string suffix in BaseUrlSuffixes)
        {
            string setting = prefix + "_" + suffix;
            if (Lookup(setting, out string where) is not string url) continue;
            related.Add(setting);
            string clean = Clean(url);
            if (!Uri.TryCreate(clean, UriKind.Absolute, out Uri? target) || target.Scheme is not ("https" or "http"))
                checks.Add(new(name, "endpoint", CheckStatus.Fail, $"{setting} ({where}) is not a URL", $"set {setting} to the API's base URL, or remove it to use the default"));
            else if (officialHost is not null && !string.Equals(target.Host, officialHost, StringComparison.OrdinalIgnoreCase))
                checks.Add(new(name, "endpoint", CheckStatus.Warn, $"{setting} ({where}) sends requests to {target.Host}, not {officialHost}",
                    $"a key works only at the endpoint that issued it (Azure and proxies have their own keys): remove {setting} or use that endpoint's key"));
            else if (target.Scheme == "http" && !target.IsLoopback)
                checks.Add(new(name, "endpoint", CheckStatus.Fail, $"{setting} ({where}) uses plain http", "use https: the key would travel in clear"));
            else
                checks.Add(new(name, "endpoint", CheckStatus.Pass, $"{setting} ({where}) points at {target.Host}"));
        }
        foreach (var (kind, suffixes) in IdSettings)
            foreach (string suffix in suffixes)
            {
                string setting = prefix + "_" + suffix;
                if (Lookup(setting, out string where) is not string id) continue;
                related.Add(setting);
                string clean = Clean(id);
                if (clean.Length == 0) continue;
                bool looksLikeKey = clean.StartsWith("sk-", StringComparison.Ordinal) || clean.Length > 60;
                bool? fits = Identifiers.FitsSetting(kind, clean);
                if (looksLikeKey)
                    checks.Add(new(name, "settings", CheckStatus.Fail, $"{setting} ({where}) holds what looks like a key, not an {(kind == "org" ? "organization" : "project")} id",
                        $"put the key in {name} and the id ({(kind == "org" ? "org-..." : "proj_...")}) in {setting}"));
                else if (fits == false && rule?.Provider == "OpenAI")
                    checks.Add(new(name, "settings", CheckStatus.Fail, $"{setting} ({where}) does not look like an OpenAI {(kind == "org" ? "organization id (org-...)" : "project id (proj_...)")}",
                        $"copy the id from the provider's settings page, or remove {setting}: a wrong one makes valid keys fail"));
                else
                    checks.Add(new(name, "settings", CheckStatus.Pass, string.Create(CultureInfo.InvariantCulture, $"{setting} ({where}) is set; a key from another {(kind == "org" ? "organization" : "project")} is refused with it")));
            }
        return checks;
    }
}
