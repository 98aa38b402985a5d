using System.Diagnostics;
using System.Text;
using SecretScan.Git;

namespace SecretScan.Remediation;

/// <summary>
/// The few reachability questions libgit2 answers slowly or not at all (every commit a remote reaches, which refs
/// contain a commit): git answers them from its commit graph in one process each.
/// </summary>
internal static class GitCommand
{
    public static string Run(string root, params string[] args)
    {
        var psi = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(root);
        foreach (string a in args) psi.ArgumentList.Add(a);
        // Inside a hook git exports these for its own repository; -C must decide which repository is read.
        foreach (string name in (string[])["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"])
            psi.Environment.Remove(name);
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        Process p;
        try { p = Process.Start(psi) ?? throw new GitFailedException("could not start git"); }
        catch (System.ComponentModel.Win32Exception e) { throw new GitFailedException($"the exposure check needs the git executable on PATH: {e.Message}"); }
        using (p)
        {
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new GitFailedException($"git {string.Join(' ', args)} failed: {stderr.Result.Trim()}");
            return stdout;
        }
    }

    public static IEnumerable<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
