using System.Globalization;
using SecretScan.Core;

namespace SecretScan.Git;

/// <summary>
/// Annotated tag messages and taggers, and git notes: text that lives in the repository outside any commit and is
/// pushed with it. Read once per scan of all refs (a scan of chosen branches or of a range is about commits).
/// </summary>
/// <remarks>
/// Both listings start with the history walk (<see cref="Start"/>) and are read after it: run after it, their two git
/// processes were the last tenth of a history scan of a small repository.
/// </remarks>
internal sealed class RepositoryMetadataScan
{
    private readonly RepositoryLocation _location;
    private readonly Task<string> _tags, _notes;

    private RepositoryMetadataScan(RepositoryLocation location)
    {
        _location = location;
        _tags = Run(location, "for-each-ref", "refs/tags", "--format=%00%(objecttype)%00%(refname)%00%(objectname)%00%(taggername)%00%(taggeremail)%00%(taggerdate:iso-strict)%00%(contents)");
        _notes = Run(location, "notes", "list");
    }

    public static RepositoryMetadataScan Start(RepositoryLocation location) => new(location);

    private static Task<string> Run(RepositoryLocation location, params string[] args) =>
        OwnThread.Start(() => GitProcess.Run(location.Root, args));

    public IEnumerable<Fragment> Fragments(ScanContext context, CancellationToken cancellationToken)
    {
        RepositoryLocation location = _location;
        string tags;
        try { tags = _tags.GetAwaiter().GetResult(); }
        catch (GitFailedException e)
        {
            context.Report(new Diagnostic(DiagnosticCodes.GitObject, DiagnosticLevel.Warning, null, $"tag messages not scanned: {e.Message}"));
            tags = "";
        }
        foreach (string record in tags.Split("\n\0", StringSplitOptions.None).Select(r => r.TrimStart('\0')))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string[] f = record.Split('\0');
            if (f.Length < 7 || f[0] != "tag") continue;
            DateTimeOffset.TryParse(f[5], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset when);
            var tag = new CommitProvenance(f[2], f[3], f[4].Trim('<', '>'), when, f[1]) { InMessage = true, Pushed = true };
            yield return new Fragment($"tagger: {f[3]} {f[4]}\n{string.Join('\0', f[6..])}", $"(tag {f[1]})", tag);
        }

        string notes;
        try { notes = _notes.GetAwaiter().GetResult(); }
        catch (GitFailedException) { yield break; }   // no notes ref: nothing to read
        foreach (string line in notes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string[] ids = line.Split(' ');
            if (ids.Length != 2) continue;
            string text;
            try { text = GitProcess.Run(location.Root, "cat-file", "blob", ids[0]); }
            catch (GitFailedException e)
            {
                context.Report(new Diagnostic(DiagnosticCodes.GitObject, DiagnosticLevel.Warning, null, $"note on {ids[1][..Math.Min(12, ids[1].Length)]} not readable: {e.Message}"));
                continue;
            }
            var note = new CommitProvenance(ids[1], "", "", DateTimeOffset.UnixEpoch, "git note") { InMessage = true };
            if (context.Decode(System.Text.Encoding.UTF8.GetBytes(text), $"(note on {ids[1][..Math.Min(12, ids[1].Length)]})", note) is { } fragment) yield return fragment;
        }
    }
}
