using System.Text.Json;

namespace SecretScan.Tests.Support;

/// <summary>
/// A real git repository in a temp folder, driven through the git CLI (as users and hooks drive it), with an
/// isolated HOME and global config so the machine's settings cannot change what a test sees.
/// </summary>
public sealed class TestRepository : IDisposable
{
    private readonly TempDirectory _temp;

    private TestRepository(TempDirectory temp, string path)
    {
        _temp = temp;
        Path = path;
        Home = temp.Combine("home");
        Directory.CreateDirectory(Home);
        File.WriteAllText(System.IO.Path.Combine(Home, ".gitconfig"), "");
    }

    public string Path { get; }
    public string Home { get; }

    /// <summary>The temp folder holding the repository, its HOME and anything else a test makes (clones, remotes).</summary>
    public TempDirectory Temp => _temp;

    /// <summary>Environment for every process a test starts: no system or user git config, a private HOME.</summary>
    public Dictionary<string, string?> Environment => new()
    {
        ["HOME"] = Home,
        ["XDG_CONFIG_HOME"] = System.IO.Path.Combine(Home, ".config"),
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = System.IO.Path.Combine(Home, ".gitconfig"),
        ["GIT_AUTHOR_DATE"] = null,
        ["GIT_COMMITTER_DATE"] = null,
    };

    public static TestRepository Init(bool bare = false)
    {
        var temp = new TempDirectory();
        string path = temp.Combine(bare ? "repo.git" : "repo");
        Directory.CreateDirectory(path);
        var repo = new TestRepository(temp, path);
        repo.Git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"]);
        repo.Configure(path);
        return repo;
    }

    /// <summary>The test machine has no git identity: every repository a test makes gets one in its own config.</summary>
    public void Configure(string repositoryPath)
    {
        GitIn(repositoryPath, "config", "user.name", "Test Author");
        GitIn(repositoryPath, "config", "user.email", "author@example.test");
        GitIn(repositoryPath, "config", "commit.gpgsign", "false");
    }

    public string Git(params string[] args) => GitIn(Path, args);

    public string GitIn(string workingDirectory, params string[] args)
    {
        CliRunner.Result r = RunGit(workingDirectory, args);
        Assert.That(r.ExitCode, Is.Zero, $"git {string.Join(' ', args)}\n{r}");
        return r.Stdout.Trim();
    }

    public CliRunner.Result RunGit(string workingDirectory, params string[] args) =>
        CliRunner.Run("git", args, workingDirectory, environment: Environment);

    public string Write(string relative, string content)
    {
        string full = System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Writes, stages and commits files; returns the new commit's sha.</summary>
    public string Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (p, c) in files)
        {
            Write(p, c);
            Git("add", "--", p);
        }
        Git("commit", "-q", "--no-verify", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    /// <summary>Leaves the repository in the middle of a merge of branch <c>side</c> into main that conflicts on a.txt.</summary>
    public void StartConflictingMerge()
    {
        Commit("base", ("a.txt", "base\n"));
        Git("checkout", "-q", "-b", "side");
        Commit("side", ("a.txt", "side\n"));
        Git("checkout", "-q", "main");
        Commit("main", ("a.txt", "main\n"));
        Assert.That(RunGit(Path, "merge", "-q", "side").ExitCode, Is.Not.Zero, "the test needs a conflict");
    }

    public CliRunner.Result Secretscan(params string[] args) => SecretscanIn(Path, args);

    public CliRunner.Result SecretscanIn(string workingDirectory, params string[] args) =>
        CliRunner.Run(CliRunner.Executable, args, workingDirectory, environment: Environment);

    /// <summary>Runs a scan with JSON output and returns its exit code and the parsed findings.</summary>
    public (int ExitCode, JsonElement Report, CliRunner.Result Raw) ScanJson(string workingDirectory, params string[] args)
    {
        CliRunner.Result r = SecretscanIn(workingDirectory, [.. args, "-f", "json"]);
        Assert.That(r.ExitCode, Is.AnyOf(0, 1), r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        return (r.ExitCode, doc.RootElement.Clone(), r);
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>Reads a JSON report's findings as simple records, for readable assertions.</summary>
public sealed record ReportedFinding(string RuleId, string File, int Line, int Column, string? Commit, bool? Pushed, bool InMessage, int MoreOccurrences, string Secret)
{
    public static List<ReportedFinding> From(JsonElement report) =>
    [
        .. report.GetProperty("findings").EnumerateArray().Select(f => new ReportedFinding(
            f.GetProperty("ruleId").GetString()!,
            f.GetProperty("file").GetString()!,
            f.GetProperty("line").GetInt32(),
            f.GetProperty("column").GetInt32(),
            f.TryGetProperty("commit", out var c) ? c.GetString() : null,
            f.TryGetProperty("pushed", out var p) ? p.GetBoolean() : null,
            f.TryGetProperty("inCommitMessage", out var m) && m.GetBoolean(),
            f.TryGetProperty("moreOccurrences", out var o) ? o.GetInt32() : 0,
            f.GetProperty("secret").GetString()!)),
    ];
}
