using System.Collections.Immutable;
using System.Text.Json;
using SecretScan.Core;

namespace SecretScan.Remediation;

/// <summary>A saved JSON report that cannot be planned from: the message names the file and, for syntax, line and column.</summary>
public sealed class SavedReportException(string message) : Exception(message);

/// <summary>
/// Reads the findings of a saved <c>secretscan git -f json</c> report (schema 1). Secrets in it are masked unless it
/// was written with --reveal; the exposure step reads the text back from the repository and checks its fingerprint.
/// </summary>
public static class SavedReport
{
    public static IReadOnlyList<LeakedSecret> Read(string json, string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException e)
        {
            throw new SavedReportException($"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: not a JSON report: {FirstSentence(e.Message)}");
        }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("findings", out JsonElement findings) || findings.ValueKind != JsonValueKind.Array)
                throw new SavedReportException($"{path}: not a secretscan JSON report (no 'findings' array); write one with 'secretscan git -f json -o FILE'");
            if (root.TryGetProperty("scan", out JsonElement scan) && scan.ValueKind == JsonValueKind.String && scan.GetString() != "git")
                throw new SavedReportException($"{path}: this is a '{scan.GetString()}' scan report; a purge plan needs the history scan's ('secretscan git -f json -o FILE')");
            var leaks = new List<LeakedSecret>();
            int n = 0;
            foreach (JsonElement f in findings.EnumerateArray())
            {
                n++;
                if (f.ValueKind != JsonValueKind.Object) throw new SavedReportException($"{path}: finding {n} is not an object");
                if (!f.TryGetProperty("commit", out JsonElement commit) || commit.ValueKind != JsonValueKind.String) continue;   // not history
                string file = Text(f, "file", path, n);
                if (file.StartsWith("(tag ", StringComparison.Ordinal) || file.StartsWith("(note on ", StringComparison.Ordinal)) continue;
                bool masked = !f.TryGetProperty("masked", out JsonElement m) || m.ValueKind != JsonValueKind.False;
                f.TryGetProperty("rotation", out JsonElement rotation);
                leaks.Add(new LeakedSecret
                {
                    RuleId = Text(f, "ruleId", path, n),
                    RuleName = Optional(f, "ruleName") ?? Text(f, "ruleId", path, n),
                    Provider = Optional(f, "provider") ?? "",
                    Severity = Optional(f, "severity") ?? "",
                    RotationUrl = rotation.ValueKind == JsonValueKind.Object ? Optional(rotation, "url") ?? "" : "",
                    RotationDocs = rotation.ValueKind == JsonValueKind.Object ? Optional(rotation, "docs") : null,
                    Path = file,
                    StartLine = Number(f, "line", path, n),
                    StartColumn = Number(f, "column", path, n),
                    EndLine = Number(f, "endLine", path, n),
                    EndColumn = Number(f, "endColumn", path, n),
                    Commit = commit.GetString()!,
                    InMessage = f.TryGetProperty("inCommitMessage", out JsonElement im) && im.ValueKind == JsonValueKind.True,
                    Fingerprint = Text(f, "fingerprint", path, n),
                    Decoded = f.TryGetProperty("decoded", out JsonElement d) && d.ValueKind == JsonValueKind.Array
                        ? [.. d.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
                        : ImmutableArray<string>.Empty,
                    Known = masked ? null : Optional(f, "secret") is { Length: > 0 } s ? new Secret(s) : null,
                });
            }
            return leaks;
        }
    }

    private static string Text(JsonElement f, string name, string path, int n) =>
        Optional(f, name) ?? throw new SavedReportException($"{path}: finding {n} has no '{name}' text");

    private static string? Optional(JsonElement f, string name) =>
        f.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Number(JsonElement f, string name, string path, int n) =>
        f.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i >= 1
            ? i : throw new SavedReportException($"{path}: finding {n} has no positive number '{name}'");

    // System.Text.Json's messages end with a path and position we already give.
    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
}
