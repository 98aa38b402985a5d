using LibGit2Sharp;
using SecretScan.Core;
using SecretScan.Git;

namespace SecretScan.Remediation;

/// <summary>
/// The exposure step after a history scan: for each finding, the first-seen commit's committer date, whether HEAD still
/// holds the secret, and whether a remote-tracking ref reaches that commit. It asks the repository (libgit2 and one
/// <c>git rev-list --remotes</c>) rather than the history source, so it holds however the scan itself is done.
/// </summary>
public sealed class ExposureAssessor(RepositoryLocation location, TimeProvider clock)
{
    /// <summary>Blobs larger than this at HEAD are not searched for a secret that moved (the scan's default size limit).</summary>
    private const long MaxHeadBlob = 10L * 1024 * 1024;

    /// <summary>The report with <see cref="Finding.HistoryExposure"/> set on every finding in a commit's file or message.</summary>
    public ScanReport Apply(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var indexed = report.Findings.Select((f, i) => (Leak: LeakedSecret.From(f), Index: i)).Where(x => x.Leak is not null).ToList();
        if (indexed.Count == 0) return report;
        IReadOnlyList<LeakedSecret> assessed;
        try { assessed = Assess([.. indexed.Select(x => x.Leak!)]); }
        catch (Exception e) when (e is LibGit2SharpException or GitFailedException or IOException)
        {
            // The findings stand on their own: a repository that cannot answer a reachability question must not turn a
            // finished scan (or a blocking hook) into an error.
            return report with { Diagnostics = report.Diagnostics.Add(new Diagnostic(DiagnosticCodes.GitObject, DiagnosticLevel.Warning, null, $"exposure of history findings not assessed: {e.Message.Split('\n', 2)[0].Trim()}")) };
        }
        var findings = report.Findings.ToBuilder();
        for (int i = 0; i < indexed.Count; i++)
            if (assessed[i].Exposure is { } exposure) findings[indexed[i].Index] = findings[indexed[i].Index] with { HistoryExposure = exposure };
        return report with { Findings = findings.ToImmutable() };
    }

    /// <summary>Each leak with its text as written in history recovered (where it can be) and its exposure worked out.</summary>
    public IReadOnlyList<LeakedSecret> Assess(IReadOnlyList<LeakedSecret> leaks)
    {
        ArgumentNullException.ThrowIfNull(leaks);
        if (leaks.Count == 0) return leaks;
        using var repo = new Repository(location.GitDir);
        List<LeakedSecret> recovered = [.. leaks.Select(l => l.Written is null ? l with { Written = Recover(repo, l) } : l)];
        HashSet<string> onRemotes = [.. GitCommand.Lines(GitCommand.Run(location.Root, "rev-list", "--remotes"))];
        bool[] atHead = AtHead(repo, recovered);
        DateTimeOffset now = clock.GetUtcNow();
        var result = new List<LeakedSecret>(recovered.Count);
        for (int i = 0; i < recovered.Count; i++)
        {
            LeakedSecret l = recovered[i];
            if (repo.Lookup(l.Commit) is not Commit commit) { result.Add(l); continue; }
            DateTimeOffset committed = commit.Committer.When;
            result.Add(l with
            {
                Exposure = new HistoryExposure
                {
                    FirstSeenCommit = commit.Sha,
                    FirstSeenDate = committed,
                    AtHead = atHead[i],
                    Pushed = onRemotes.Contains(commit.Sha),
                    DaysReachable = HistoryExposure.DaysBetween(committed, now),
                },
            });
        }
        return result;
    }

    /// <summary>
    /// The characters the finding covers in its commit's content. A secret the scan knows in clear and found as written is
    /// that text; otherwise the span is read back and, when it can be, checked against the finding's fingerprint, so that
    /// a stale or foreign report never puts unrelated text into the replace-text file.
    /// </summary>
    private static Secret? Recover(Repository repo, LeakedSecret l)
    {
        if (l.Known is { } known && l.Decoded.IsEmpty) return known;
        string? content = HistoryTexts.Content(repo, l.Commit, l.Path, l.InMessage);
        if (content is null || HistoryTexts.Span(content, l.StartLine, l.StartColumn, l.EndLine, l.EndColumn) is not { Length: > 0 } span) return null;
        if (!l.Decoded.IsEmpty) return new Secret(span);   // the encoded form as written; its fingerprint is the decoded secret's
        var candidate = new Secret(span);
        return Fingerprint.Of(l.RuleId, candidate) == l.Fingerprint ? candidate : null;
    }

    /// <summary>
    /// Still at HEAD: the same path at HEAD holds the text, or (a file renamed or copied since) any file of HEAD does. The
    /// tree is walked at most once, for all the secrets not found at their own path.
    /// </summary>
    private static bool[] AtHead(Repository repo, List<LeakedSecret> leaks)
    {
        var result = new bool[leaks.Count];
        if (repo.Head.Tip is not { } head) return result;
        var pending = new List<int>();
        for (int i = 0; i < leaks.Count; i++)
        {
            if (leaks[i].Written?.Reveal() is not { } text) continue;
            string? here = leaks[i].Path == HistorySource.MessagePath || leaks[i].InMessage ? head.Message
                : leaks[i].Path == HistorySource.MetadataPath ? null
                : HistoryTexts.FileAt(head, leaks[i].Path);
            if (here is not null && here.Contains(text, StringComparison.Ordinal)) result[i] = true;
            else if (!leaks[i].InMessage && leaks[i].Path != HistorySource.MetadataPath) pending.Add(i);
        }
        if (pending.Count > 0) SearchTree(head.Tree, leaks, pending, result);
        return result;
    }

    private static void SearchTree(Tree tree, List<LeakedSecret> leaks, List<int> pending, bool[] result)
    {
        foreach (TreeEntry entry in tree)
        {
            if (pending.TrueForAll(i => result[i])) return;
            if (entry.TargetType == TreeEntryTargetType.Tree) { SearchTree((Tree)entry.Target, leaks, pending, result); continue; }
            if (entry.TargetType != TreeEntryTargetType.Blob || entry.Mode == Mode.SymbolicLink || entry.Target is not Blob blob || blob.Size > MaxHeadBlob) continue;
            using Stream s = blob.GetContentStream();
            using var buffer = new MemoryStream((int)blob.Size);
            s.CopyTo(buffer);
            DecodeResult text = ContentDecoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            if (text.Outcome != DecodeOutcome.Text) continue;
            foreach (int i in pending)
                if (!result[i] && text.Text.Contains(leaks[i].Written!.Reveal(), StringComparison.Ordinal)) result[i] = true;
        }
    }
}
