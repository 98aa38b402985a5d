using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SecretScan.Core;

namespace SecretScan.Reporting;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning: one run, every rule that ran (with the rotation guide as help), one result
/// per finding with exactly one repository-relative location, a masked snippet, and GitHub's
/// <c>primaryLocationLineHash</c> computed at detection time (see <see cref="LineHash"/>).
/// <para>
/// Written with Utf8JsonWriter, like <see cref="JsonReporter"/>: no reflection, so the Native-AOT build works and the
/// field order is fixed (golden tests pin it). GitHub's ingestion limits are enforced here, not left to the upload:
/// beyond 25,000 results or 10 MB gzipped the most severe results are kept and a notification says what was left out.
/// </para>
/// </summary>
public sealed class SarifReporter : IReporter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string ToolName = "secretscan";
    /// <summary>The project's home page, shown by code scanning as the tool's link.</summary>
    public const string InformationUri = "https://github.com/secretscan/secretscan";
    /// <summary>Our own fingerprint's key in partialFingerprints (GitHub uses only primaryLocationLineHash).</summary>
    public const string FingerprintKey = "secretscan/v1";
    public const string SourceRoot = "%SRCROOT%";
    public const int GitHubMaxResults = 25_000;
    public const long GitHubMaxGzipBytes = 10_000_000;
    /// <summary>GitHub truncates longer rule descriptions.</summary>
    private const int MaxDescription = 1024;

    private readonly int _maxResults;
    private readonly long _maxGzipBytes;

    public SarifReporter(int maxResults = GitHubMaxResults, long maxGzipBytes = GitHubMaxGzipBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        _maxResults = maxResults;
        _maxGzipBytes = maxGzipBytes;
    }

    /// <summary>The default <c>runAutomationDetails.id</c>: one category per scan kind, so a directory scan and a history scan of one repository are separate analyses in code scanning.</summary>
    public static string DefaultCategory(string kind) => $"secretscan/{kind}/";

    public void Write(ScanReport report, Stream output, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);

        // Most severe first, report order within a severity: the order in which results are kept when over a limit.
        List<Finding> bySeverity = [.. report.Findings.Select((f, i) => (f, i)).OrderByDescending(x => x.f.Rule.Severity).ThenBy(x => x.i).Select(x => x.f)];
        int keep = Math.Min(bySeverity.Count, _maxResults);
        byte[] document = Render(report, options, bySeverity, keep);
        while (keep > 0 && GzipLength(document) > _maxGzipBytes)
        {
            // Shrink in proportion to the overshoot, and by at least one result, until the compressed size fits.
            long size = GzipLength(document);
            int next = (int)Math.Min(keep - 1, (long)(keep * (double)_maxGzipBytes / size * 0.95));
            keep = Math.Max(0, next);
            document = Render(report, options, bySeverity, keep);
        }
        output.Write(document);
    }

    private static long GzipLength(byte[] document)
    {
        using var counter = new MemoryStream();
        using (var gzip = new GZipStream(counter, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(document);
        return counter.Length;
    }

    private byte[] Render(ScanReport report, ReportOptions options, List<Finding> bySeverity, int keep)
    {
        var kept = new HashSet<Finding>(bySeverity.Take(keep), ReferenceEqualityComparer.Instance);
        List<Finding> results = [.. report.Findings.Where(kept.Contains)];
        List<Finding> dropped = [.. bySeverity.Skip(keep)];
        List<Rule> rules = [.. report.Rules.OrderBy(r => r.Id, StringComparer.Ordinal)];
        // Findings always come from rules that ran; a hand-built report may lack one, so it is added rather than lost.
        foreach (Rule r in report.Findings.Select(f => f.Rule).DistinctBy(r => r.Id).Where(r => !rules.Any(x => x.Id == r.Id)).OrderBy(r => r.Id, StringComparer.Ordinal))
            rules.Add(r);
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        using var buffer = new MemoryStream();
        var redactor = Redactor.For(report);
        // Relaxed escaping keeps '<', '"' and non-ASCII readable: the file is data, never embedded in HTML.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            WriteTool(w, rules, options);
            WriteInvocation(w, report, dropped, results.Count);
            WriteVersionControl(w, report);
            w.WriteStartObject("automationDetails");
            w.WriteString("id", Category(options.SarifCategory, report.Kind));
            w.WriteEndObject();
            w.WriteString("columnKind", "utf16CodeUnits");
            w.WriteStartArray("results");
            foreach (Finding f in results) WriteResult(w, f, ruleIndex[f.Rule.Id], options, redactor);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>code scanning reads the category as everything before the last '/', so a bare name gets one.</summary>
    public static string Category(string? category, string kind)
    {
        if (string.IsNullOrWhiteSpace(category)) return DefaultCategory(kind);
        string c = category.Trim();
        return c.EndsWith('/') ? c : c + "/";
    }

    private static void WriteTool(Utf8JsonWriter w, List<Rule> rules, ReportOptions options)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", ToolName);
        w.WriteString("version", options.ToolVersion);
        w.WriteString("semanticVersion", options.ToolVersion);
        w.WriteString("informationUri", InformationUri);
        w.WriteStartArray("rules");
        foreach (Rule r in rules) WriteRule(w, r);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter w, Rule r)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("name", PascalCase(r.Name.Length > 0 ? r.Name : r.Id));
        WriteText(w, "shortDescription", Sentence(Limit(NonEmpty(r.Name, r.Id))));
        WriteText(w, "fullDescription", Sentence(Limit(NonEmpty(r.Description, NonEmpty(r.Name, r.Id)))));
        w.WriteString("helpUri", r.Rotation.Docs ?? r.Rotation.Url);
        w.WriteStartObject("help");
        w.WriteString("text", string.Join('\n', RotationText.Lines(r.Rotation)));
        w.WriteString("markdown", HelpMarkdown(r));
        w.WriteEndObject();
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", Level(r.Severity));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteStartArray("tags");
        w.WriteStringValue("security");
        w.WriteStringValue("secret");
        if (r.Provider.Length > 0) w.WriteStringValue(r.Provider);
        // CWE-798, Use of Hard-coded Credentials: code scanning shows external/cwe tags as the weakness.
        w.WriteStringValue("external/cwe/cwe-798");
        w.WriteEndArray();
        w.WriteString("precision", r.Precision);
        w.WriteString("security-severity", SecuritySeverity(r.Severity));
        w.WriteString("severity", Lower(r.Severity));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The rotation guide for code scanning's rule panel, which renders help.markdown instead of help.text.</summary>
    public static string HelpMarkdown(Rule r)
    {
        RotationGuide g = r.Rotation;
        var sb = new StringBuilder();
        if (r.Description.Length > 0) sb.Append(MarkdownText(r.Description.Trim())).Append("\n\n");
        sb.Append("## How to rotate\n\n");
        sb.Append("Revoke or roll it at: <").Append(g.Url).Append(">\n\n");
        int i = 0;
        foreach (string step in g.Steps) sb.Append(CultureInfo.InvariantCulture, $"{++i}. {MarkdownText(step)}\n");
        sb.Append("\n**Then update every consumer of the key:**\n\n");
        foreach (string u in g.Update) sb.Append("- ").Append(MarkdownText(u)).Append('\n');
        if (!g.Check.IsDefaultOrEmpty)
        {
            sb.Append("\n**Check afterwards:**\n\n");
            foreach (string c in g.Check) sb.Append("- ").Append(MarkdownText(c)).Append('\n');
        }
        if (g.Docs is not null) sb.Append("\nDocs: <").Append(g.Docs).Append(">\n");
        sb.Append("\n> **Warning**: ").Append(RotationGuide.HistoryWarning).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// Rule text is written for people, with placeholders such as <c>&lt;user&gt;</c>: outside `code` spans a
    /// Markdown renderer would take those for HTML tags and drop them, so '&lt;' and '&gt;' are escaped there.
    /// </summary>
    public static string MarkdownText(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool inCode = false;
        foreach (char c in text)
        {
            if (c == '`') inCode = !inCode;
            sb.Append(!inCode && c == '<' ? "&lt;" : !inCode && c == '>' ? "&gt;" : c.ToString());
        }
        return sb.ToString();
    }

    private static void WriteResult(Utf8JsonWriter w, Finding f, int index, ReportOptions options, Redactor redactor)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.Rule.Id);
        w.WriteNumber("ruleIndex", index);
        w.WriteString("level", Level(f.Rule.Severity));
        WriteText(w, "message", FindingText.Message(f, redactor));
        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", RelativeUri(f.Location.Path));
        w.WriteString("uriBaseId", SourceRoot);
        w.WriteEndObject();
        w.WriteStartObject("region");
        w.WriteNumber("startLine", f.Location.StartLine);
        w.WriteNumber("startColumn", f.Location.StartColumn);
        w.WriteNumber("endLine", f.Location.EndLine);
        // Our end column is the last character's; SARIF's is the one after it.
        w.WriteNumber("endColumn", f.Location.EndColumn + 1);
        WriteText(w, "snippet", options.SecretText(f));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("partialFingerprints");
        if (f.LineHash is not null) w.WriteString("primaryLocationLineHash", f.LineHash);
        w.WriteString(FingerprintKey, f.Fingerprint);
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("provider", f.Rule.Provider);
        w.WriteString("severity", Lower(f.Rule.Severity));
        w.WriteBoolean("masked", !options.Reveal);
        w.WriteNumber("entropy", f.Entropy);
        w.WriteString("confidence", ConfidenceNames.Name(f.Confidence));
        if (f.ConfidenceReason is not null) w.WriteString("confidenceReason", f.ConfidenceReason);
        if (f.Exposure is not null) w.WriteString("exposure", f.Exposure);
        if (f.RepeatedInFile > 0) w.WriteNumber("occurrences", f.RepeatedInFile + 1);
        if (f.Verification is { } v)
        {
            w.WriteString("verification", v.StatusName);
            if (v.Reason is not null) w.WriteString("verificationReason", redactor.Scrub(v.Reason));
        }
        if (!f.Decoded.IsEmpty)
        {
            w.WriteStartArray("decoded");
            foreach (string kind in f.Decoded) w.WriteStringValue(kind);
            w.WriteEndArray();
        }
        if (f.Provenance is CommitProvenance p)
        {
            CommitProperties.Write(w, f, p, options, redactor, "commitSummary");
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter w, ScanReport report, List<Finding> dropped, int kept)
    {
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        // A scan that cannot complete exits 2 without writing a report (DiagnosticLevel has no error level).
        w.WriteBoolean("executionSuccessful", true);
        w.WriteStartArray("toolExecutionNotifications");
        foreach (Diagnostic d in report.Diagnostics)
        {
            w.WriteStartObject();
            w.WriteString("level", d.Level == DiagnosticLevel.Warning ? "warning" : "note");
            WriteText(w, "message", Sentence(d.Message));
            w.WriteStartObject("descriptor");
            w.WriteString("id", d.Code);
            w.WriteEndObject();
            if (d.Path is not null)
            {
                w.WriteStartArray("locations");
                w.WriteStartObject();
                w.WriteStartObject("physicalLocation");
                w.WriteStartObject("artifactLocation");
                w.WriteString("uri", RelativeUri(d.Path));
                w.WriteString("uriBaseId", SourceRoot);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        if (dropped.Count > 0)
        {
            w.WriteStartObject();
            w.WriteString("level", "warning");
            string bySeverity = string.Join(", ", dropped.GroupBy(f => f.Rule.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {Lower(g.Key)}"));
            WriteText(w, "message", string.Create(CultureInfo.InvariantCulture,
                $"Only {kept} of {kept + dropped.Count} findings are in this SARIF file, because GitHub code scanning accepts at most {GitHubMaxResults} results per run and 10 MB gzipped; the most severe were kept. Left out: {bySeverity}. Run with --format json for the full list."));
            w.WriteStartObject("descriptor");
            w.WriteString("id", DiagnosticCodes.Truncated);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("properties");
        w.WriteString("scan", report.Kind);
        w.WriteNumber("files", report.Stats.Files);
        w.WriteNumber("bytes", report.Stats.Bytes);
        w.WriteNumber("commits", report.Stats.Commits);
        w.WriteNumber("durationMs", Math.Round(report.Stats.Duration.TotalMilliseconds, 1));
        w.WriteNumber("findings", report.Findings.Length);
        w.WriteNumber("findingsLeftOut", dropped.Count);
        // Held back and skipped are part of the result: a clean SARIF file with everything suppressed must say so.
        if (report.Stats.Skipped > 0) w.WriteNumber("skipped", report.Stats.Skipped);
        foreach (var (stage, count) in report.Stats.Suppressed.OrderBy(kv => kv.Key)) w.WriteNumber("heldBack." + ScanStats.StageName(stage), count);
        if (report.Stats.DisabledRules > 0) w.WriteNumber("rulesDisabled", report.Stats.DisabledRules);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>
    /// From the facts a git source records: the remote (credentials stripped, scp-style turned into ssh://), the
    /// HEAD commit and the branch, mapped to %SRCROOT% so relative result paths resolve in the repository.
    /// Omitted without a usable remote, since SARIF requires repositoryUri.
    /// </summary>
    private static void WriteVersionControl(Utf8JsonWriter w, ScanReport report)
    {
        if (!report.Repository.TryGetValue("remoteUrl", out string? remote) || RepositoryUri(remote) is not string uri) return;
        w.WriteStartArray("versionControlProvenance");
        w.WriteStartObject();
        w.WriteString("repositoryUri", uri);
        if (report.Repository.TryGetValue("head", out string? head) && head.Length > 0) w.WriteString("revisionId", head);
        if (report.Repository.TryGetValue("branch", out string? branch) && branch.Length > 0) w.WriteString("branch", branch);
        w.WriteStartObject("mappedTo");
        w.WriteString("uriBaseId", SourceRoot);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>An absolute URI for a git remote, without user name or password; null when it cannot be made one.</summary>
    public static string? RepositoryUri(string remote)
    {
        if (string.IsNullOrWhiteSpace(remote)) return null;
        string r = remote.Trim();
        // scp-like syntax, user@host:path (git's own rule: a colon before any slash, and no scheme).
        int colon = r.IndexOf(':');
        int slash = r.IndexOf('/');
        if (!r.Contains("://", StringComparison.Ordinal) && colon > 0 && (slash < 0 || colon < slash))
        {
            string host = r[..colon];
            int at = host.LastIndexOf('@');
            if (at >= 0) host = host[(at + 1)..];
            r = $"ssh://{host}/{r[(colon + 1)..].TrimStart('/')}";
        }
        if (!Uri.TryCreate(r, UriKind.Absolute, out Uri? parsed) || parsed.IsFile || string.IsNullOrEmpty(parsed.Host)) return null;
        var builder = new UriBuilder(parsed) { UserName = "", Password = "" };
        if (parsed.IsDefaultPort) builder.Port = -1;
        return builder.Uri.AbsoluteUri;
    }

    /// <summary>A repository-relative path as a relative URI reference: '/' separators, each segment percent-encoded.</summary>
    public static string RelativeUri(string path)
    {
        string p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        return string.Join('/', p.Split('/').Select(Uri.EscapeDataString));
    }

    public static string Level(Severity s) => Vocabulary.SarifLevel(s);

    /// <summary>code scanning's scale: 9.0 and above is critical, 7.0–8.9 high, 4.0–6.9 medium, below low.</summary>
    public static string SecuritySeverity(Severity s) => s switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        _ => "3.0",
    };

    private static void WriteText(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static string Lower(Severity s) => Vocabulary.Severity(s);

    private static string NonEmpty(string text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text.Trim();

    private static string Limit(string text) => text.Length <= MaxDescription - 1 ? text : text[..(MaxDescription - 2)] + "…";

    private static string Sentence(string text) => text.EndsWith('.') || text.EndsWith('…') ? text : text + ".";

    /// <summary>"GitHub personal access token (classic)" → "GitHubPersonalAccessTokenClassic": SARIF wants a name that reads as an identifier.</summary>
    public static string PascalCase(string text)
    {
        // An all-capitals word is an acronym: "API key ID" → "ApiKeyId", so the capitals still mark word starts.
        var sb = new StringBuilder();
        string spaced = new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')]);
        foreach (string word in spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            bool acronym = !word.Any(char.IsAsciiLetterLower);
            sb.Append(char.ToUpperInvariant(word[0])).Append(acronym ? word[1..].ToLowerInvariant() : word[1..]);
        }
        return sb.Length > 0 ? sb.ToString() : "Rule";
    }
}
