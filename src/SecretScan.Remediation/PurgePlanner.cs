using System.Globalization;
using LibGit2Sharp;
using SecretScan.Core;
using SecretScan.Git;

namespace SecretScan.Remediation;

/// <summary>What a purge plan is made for: assessed leaks of one repository and where its files go.</summary>
/// <param name="ReplacementsPath">The replace-text file's path (absolute), written by the caller when <see cref="PurgePlan.NeedsReplacements"/>.</param>
/// <param name="Executable">How the plan calls secretscan for the verification scan.</param>
public sealed record PurgePlanRequest(RepositoryLocation Repository, IReadOnlyList<LeakedSecret> Leaks, string ReplacementsPath, DateTimeOffset Now, string Executable = "secretscan");

/// <summary>The plan, the replace-text file's content (the only place secrets appear) and whether it must be written.</summary>
public sealed record PurgePlan(PlanDocument Document, string ReplacementsContent, bool NeedsReplacements);

/// <summary>
/// Builds the plan a user follows after a leak, in the order that limits the damage: rotate every key (a rewrite never
/// reaches every copy), fix commits that never left this clone, rewrite pushed history with git filter-repo, and know
/// what no rewrite reaches. Commands are POSIX shell (Git Bash on Windows), quoted, with absolute paths.
/// </summary>
public static class PurgePlanner
{
    public static PurgePlan Build(PurgePlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RepositoryLocation location = request.Repository;
        using var repo = new Repository(location.GitDir);
        List<LeakedSecret> leaks = [.. request.Leaks.OrderBy(l => l.Exposure?.Urgency ?? 4).ThenBy(l => l.Exposure?.FirstSeenDate ?? DateTimeOffset.MaxValue).ThenBy(l => l.Path, StringComparer.Ordinal)];
        List<LeakedSecret> pushed = [.. leaks.Where(l => l.Exposure?.Pushed != false)];   // unknown counts as pushed: the safe side
        List<LeakedSecret> local = [.. leaks.Where(l => l.Exposure?.Pushed == false)];
        string name = RepositoryName(location);
        string parent = Path.GetDirectoryName(location.Root.TrimEnd('/', '\\')) ?? location.Root;
        string date = request.Now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        var blocks = new List<PlanBlock>();
        int keys = leaks.Select(l => l.Fingerprint).Distinct(StringComparer.Ordinal).Count();
        blocks.Add(new PlanParagraph(string.Create(CultureInfo.InvariantCulture,
            $"Repository {location.Root}, planned {request.Now:yyyy-MM-dd HH:mm} UTC: {keys} secret(s) in {leaks.Count} finding(s) of history; {pushed.Count} pushed, {local.Count} only in local commits, {leaks.Count(l => l.Exposure?.AtHead == true)} still at HEAD.")));
        if (leaks.Count == 0)
        {
            blocks.Add(new PlanParagraph("Nothing to purge: the history scan found no secret in commits of this repository."));
            return new PurgePlan(new PlanDocument($"Purge plan for {name}", blocks), "", false);
        }
        blocks.Add(new PlanParagraph("Secrets are masked in this plan. The one file that holds them in clear is the replace-text file of step 3; it is written owner-only, and the plan deletes it at the end."));

        Rotate(blocks, leaks);
        Local(blocks, repo, local, pushed.Count > 0, request.Executable);
        List<LeakedSecret> unreadable = [.. pushed.Where(l => l.Written is null)];
        string remoteUrl = Pushed(blocks, repo, location, pushed, unreadable, name, parent, date, request);
        Unreached(blocks, remoteUrl);

        // Only what the rewrite of pushed history needs goes to disk; local commits are fixed by hand (step 2).
        string content = ReplacementFile.Content(pushed.Where(l => l.Written is not null).Select(l => l.Written!));
        return new PurgePlan(new PlanDocument($"Purge plan for {name}", blocks), content, pushed.Count > 0 && content.Length > 0);
    }

    private static void Rotate(List<PlanBlock> blocks, List<LeakedSecret> leaks)
    {
        blocks.Add(new PlanHeading("1. Rotate every key first", 1));
        blocks.Add(new PlanParagraph(
            "Purging is not a substitute for rotation. A pushed key must be taken as known: every clone, fork and CI log, and the " +
            "hosting service's caches and pull-request refs keep it after any rewrite, and scrapers collect pushed keys within minutes. " +
            "Rewriting history stops new copies; only revoking the key at its provider makes the old ones harmless. Most urgent first " +
            "(pushed and still at HEAD, then pushed, then local):"));
        var items = new List<string>();
        foreach (var key in leaks.GroupBy(l => l.Fingerprint, StringComparer.Ordinal))
        {
            LeakedSecret first = key.First();
            string where = string.Join(", ", key.Select(l => l.InMessage ? $"commit message of {Provenance.ShortId(l.Commit)}" : string.Create(CultureInfo.InvariantCulture, $"{l.Path}:{l.StartLine}")).Distinct(StringComparer.Ordinal));
            string exposure = first.Exposure?.Describe() ?? "exposure unknown (treated as pushed)";
            string item = $"{first.RuleName} ({first.RuleId}{(first.Provider.Length > 0 ? ", " + first.Provider : "")}) {first.Masked} - {exposure}\n" +
                $"at {where}\nrotate at: {(first.RotationUrl.Length > 0 ? first.RotationUrl : "the provider's console")}";
            if (first.RotationDocs is not null) item += $"\ndocs: {first.RotationDocs}";
            items.Add(item);
        }
        blocks.Add(new PlanList(items));
        blocks.Add(new PlanParagraph("Put each new key in a secret store or an environment variable that is not committed, update every consumer, and check the provider's audit log for use of the old key since it was first committed."));
    }

    private static void Local(List<PlanBlock> blocks, Repository repo, List<LeakedSecret> local, bool alsoPushed, string executable)
    {
        blocks.Add(new PlanHeading("2. Commits not pushed yet: fix them locally", 1));
        if (local.Count == 0)
        {
            blocks.Add(new PlanParagraph("Nothing to do here: every commit with a secret is already on a remote (step 3)."));
            return;
        }
        if (alsoPushed) blocks.Add(new PlanParagraph("The rewrite of step 3 cleans these commits too when they are part of what you push from this clone; fix them here first so that they never leave it."));
        Commit? head = repo.Head.Tip;
        foreach (var group in local.GroupBy(l => l.Commit, StringComparer.Ordinal).OrderBy(g => g.First().Exposure?.FirstSeenDate))
        {
            string sha = group.Key, shortSha = Provenance.ShortId(sha);
            var commit = repo.Lookup<Commit>(sha);
            List<string> files = [.. group.Where(l => !l.InMessage && !IsMetadata(l)).Select(l => l.Path).Distinct(StringComparer.Ordinal)];
            bool inMessage = group.Any(l => l.InMessage);
            string what = string.Join(", ", group.Select(l => l.InMessage ? $"its message ({l.RuleId}, {l.Masked})" : string.Create(CultureInfo.InvariantCulture, $"{l.Path}:{l.StartLine} ({l.RuleId}, {l.Masked})")));
            blocks.Add(new PlanHeading($"Commit {shortSha} \"{commit?.MessageShort}\": {what}", 2));
            var lines = new List<string>();
            if (head is not null && head.Sha == sha)
            {
                lines.Add($"# {shortSha} is HEAD: amend it. Remove the secret from {Describe(files, inMessage)}, then:");
                foreach (string f in files) lines.Add("git add -- " + Shell.Quote(f));
                lines.Add(inMessage ? "git commit --amend" : "git commit --amend --no-edit");
                blocks.Add(new PlanCommands(lines));
                continue;
            }
            bool onHead = head is not null && commit is not null && repo.ObjectDatabase.FindMergeBase(commit, head)?.Sha == sha;
            if (!onHead)
            {
                List<string> branches = [.. GitCommand.Lines(GitCommand.Run(repo.Info.WorkingDirectory ?? repo.Info.Path, "for-each-ref", "--contains", sha, "refs/heads", "--format=%(refname:short)"))];
                lines.Add($"# {shortSha} is not in HEAD's history; it is on {(branches.Count == 0 ? "no local branch (a stash or another ref)" : string.Join(", ", branches))}. Switch there first:");
                if (branches.Count > 0) lines.Add("git switch " + Shell.Quote(branches[0]));
            }
            bool root = commit is not null && !commit.Parents.Any();
            lines.Add($"# Edit {shortSha} in place: in the editor change \"pick {sha[..7]}\" to \"{(inMessage && files.Count == 0 ? "reword" : "edit")}\" (and \"edit\" every later commit that still carries the key).");
            lines.Add(root ? "git rebase -i --root" : $"git rebase -i {sha}~1");
            if (files.Count > 0)
            {
                lines.Add($"# At each stop remove the secret from {Describe(files, false)}, then:");
                foreach (string f in files) lines.Add("git add -- " + Shell.Quote(f));
                lines.Add("git commit --amend --no-edit");
                lines.Add("git rebase --continue");
            }
            blocks.Add(new PlanCommands(lines));
            if (!root)
            {
                blocks.Add(new PlanParagraph($"Or, simpler, fold every commit since {shortSha} into one new commit (none of them was pushed): remove the secret from the files, then"));
                blocks.Add(new PlanCommands([$"git reset --soft {sha}~1", .. files.Select(f => "git add -- " + Shell.Quote(f)), "git commit"]));
            }
        }
        blocks.Add(new PlanParagraph("The old commits stay in this clone's reflog and object store until they expire; drop them now, and check:"));
        blocks.Add(new PlanCommands(["git reflog expire --expire=now --all", "git gc --prune=now", executable + " git"]));
    }

    private static string Pushed(List<PlanBlock> blocks, Repository repo, RepositoryLocation location, List<LeakedSecret> pushed, List<LeakedSecret> unreadable,
        string name, string parent, string date, PurgePlanRequest request)
    {
        blocks.Add(new PlanHeading("3. Pushed history: rewrite it with git filter-repo", 1));
        string? remoteName = null;
        foreach (LeakedSecret l in pushed.Where(l => l.Exposure?.Pushed == true))
        {
            string refs = GitCommand.Run(location.Root, "for-each-ref", "--contains", l.Commit, "refs/remotes", "--format=%(refname:short)");
            List<string> names = [.. GitCommand.Lines(refs).Select(r => r.Split('/')[0]).Distinct(StringComparer.Ordinal)];
            remoteName ??= names.Contains("origin") ? "origin" : names.FirstOrDefault();
        }
        remoteName ??= repo.Network.Remotes["origin"] is not null ? "origin" : repo.Network.Remotes.FirstOrDefault()?.Name;
        string? url = remoteName is null ? null : repo.Network.Remotes[remoteName]?.Url;
        string shownUrl = url is null ? "URL-OF-THE-REMOTE" : RepositoryLocation.WithoutCredentials(url);
        if (pushed.Count == 0)
        {
            blocks.Add(new PlanParagraph("Nothing was pushed: no shared history needs rewriting. (If that changes, run this plan again.)"));
            return shownUrl;
        }
        string backup = Path.Combine(parent, $"{name}-backup-{date}.git");
        string work = Path.Combine(parent, $"{name}-purge");
        string clean = Path.Combine(parent, $"{name}-clean");
        string replacements = request.ReplacementsPath;
        bool messages = pushed.Any(l => l.InMessage);
        blocks.Add(new PlanParagraph($"{pushed.Count} finding(s) are in commits that {(remoteName is null ? "a remote" : remoteName)} ({shownUrl}) already has. " +
            $"Their text as written is in the replace-text file {replacements} (owner-only): git filter-repo replaces each with {ReplacementFile.Replacement} in every version of every file{(messages ? " and in commit messages" : "")}, and keeps all other content."));
        if (unreadable.Count > 0)
            blocks.Add(new PlanList([.. unreadable.Select(l => string.Create(CultureInfo.InvariantCulture,
                $"Not in the replace-text file: {l.Path}:{l.StartLine} in {Provenance.ShortId(l.Commit)} ({l.RuleId}) could not be read back from the repository (or did not match the report's fingerprint): run purge-plan without --report, or add the line by hand."))]));
        if (pushed.Any(IsMetadata))
            blocks.Add(new PlanParagraph("A secret in an author or committer name or e-mail is not reached by --replace-text: add a mailmap (git filter-repo --mailmap FILE) that maps it to a clean identity."));
        blocks.Add(new PlanCommands(
        [
            "# a. Back up everything first, local branches included. The backup still holds the secrets: keep it private, delete it once this is done.",
            $"git clone --mirror {Shell.Quote(location.Root)} {Shell.Quote(backup)}",
            "# b. Rewrite a fresh clone of the remote (filter-repo refuses to rewrite a clone that is in use; it turns every remote branch into a branch).",
            $"git clone {Shell.Quote(shownUrl)} {Shell.Quote(work)}",
            $"cd {Shell.Quote(work)}",
            $"git filter-repo --replace-text {Shell.Quote(replacements)}{(messages ? " --replace-message " + Shell.Quote(replacements) : "")}",
            "# c. Verify: the rewritten history must scan clean before anything is pushed.",
            $"{request.Executable} git .",
            "# d. Force-push every branch and tag (filter-repo removed the remote so that nothing is pushed by accident).",
            $"git remote add origin {Shell.Quote(shownUrl)}",
            "git push --force --all origin",
            "git push --force --tags origin",
            "# e. The replace-text file is the one file with the secrets in clear: delete it.",
            $"rm -f {Shell.Quote(replacements)}",
            "# f. Every clone is now stale, this one too: work from a new clone.",
            $"git clone {Shell.Quote(shownUrl)} {Shell.Quote(clean)}",
        ]));
        blocks.Add(new PlanList(
        [
            $"Move any local-only branch of {location.Root} onto the new history (git rebase --onto, or cherry-pick), then delete the old clone: it still holds the secrets.",
            "Tell every collaborator to re-clone and delete their old clone. A pull, merge or push from an old clone brings the secret back; a branch made from old history must be rebased, never merged.",
            "Pull requests, forks and the hosting service's caches still show the old commits: see step 4.",
            $"Delete the backup {backup} once the keys are rotated and everyone has re-cloned.",
        ]));
        string bfg = Path.Combine(parent, $"{name}-bfg.git");
        blocks.Add(new PlanHeading("Alternative to steps b to d: BFG Repo-Cleaner", 2));
        blocks.Add(new PlanParagraph("BFG reads the same replace-text file. It leaves the files of the latest commit alone (protected), so first remove the secrets there with an ordinary commit and push it; then:"));
        blocks.Add(new PlanCommands(
        [
            $"git clone --mirror {Shell.Quote(shownUrl)} {Shell.Quote(bfg)}",
            $"java -jar bfg.jar --replace-text {Shell.Quote(replacements)} {Shell.Quote(bfg)}",
            $"git -C {Shell.Quote(bfg)} reflog expire --expire=now --all",
            $"git -C {Shell.Quote(bfg)} gc --prune=now --aggressive",
            $"{request.Executable} git {Shell.Quote(bfg)}",
            "# A mirror clone pushes every branch and tag back (the server may refuse its pull-request refs: that is expected).",
            $"git -C {Shell.Quote(bfg)} push --force",
        ]));
        blocks.Add(new PlanParagraph("and continue with steps e and f."));
        return shownUrl;
    }

    private static void Unreached(List<PlanBlock> blocks, string remoteUrl)
    {
        blocks.Add(new PlanHeading("4. What no rewrite reaches", 1));
        HostingService? service = HostingService.For(remoteUrl);
        string support = service is not null
            ? service.SupportRoute
            : "Ask the hosting service to drop cached views and pull-request refs of the old commits. " + string.Join(" ", HostingService.All.Select(s => $"On {s.Name}: {s.SupportRoute}."));
        blocks.Add(new PlanList(
        [
            "Forks: each fork is its own repository with the old history; its owners must delete or rewrite it, or the hosting service must.",
            "Pull-request refs and caches on the hosting service (refs/pull/*, refs/merge-requests/*, cached commit and diff pages): they keep the old commits reachable by id after a force push. " + support,
            "CI logs, build caches, artifacts and container images made from the old commits, and anything a job printed or packaged with the key.",
            "Other clones: collaborators, CI runners, deploy servers, mirrors and backups, the backup of step 3a included.",
        ]));
        blocks.Add(new PlanParagraph("That is why step 1 comes first: once the keys are rotated, every copy left behind holds a dead key."));
    }

    private static bool IsMetadata(LeakedSecret l) => l.Path == HistorySource.MetadataPath;

    private static string Describe(List<string> files, bool inMessage) =>
        string.Join(" and ", files.Select(f => f).Concat(inMessage ? ["the commit message"] : []));

    private static string RepositoryName(RepositoryLocation location)
    {
        string name = Path.GetFileName(location.Root.TrimEnd('/', '\\'));
        if (name.EndsWith(".git", StringComparison.Ordinal)) name = name[..^4];
        return name.Length == 0 ? "repository" : name;
    }
}

/// <summary>POSIX shell quoting for the commands of a plan: a word is left alone when it cannot be misread.</summary>
public static class Shell
{
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or '@' or '%' or '+' or '=' or ','))
            return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
