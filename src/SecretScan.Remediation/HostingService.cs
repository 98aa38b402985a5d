namespace SecretScan.Remediation;

/// <summary>
/// Where a repository is hosted, from its remote URL, and the route to ask that service to drop what a force push
/// leaves behind: cached commit and diff views, pull-request refs, and objects kept for forks.
/// </summary>
public sealed record HostingService(string Name, string SupportRoute)
{
    public static readonly HostingService GitHub = new("GitHub",
        "GitHub Support (https://support.github.com/contact): ask them to remove cached views and references to the old commits in pull requests and forks; see https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository");
    public static readonly HostingService GitLab = new("GitLab",
        "GitLab: Settings > Repository > Repository maintenance (remove blobs, prune unreachable objects), and for merge-request refs and caches GitLab Support (https://about.gitlab.com/support/); see https://docs.gitlab.com/user/project/repository/repository_size/");
    public static readonly HostingService Bitbucket = new("Bitbucket",
        "Atlassian Support (https://support.atlassian.com/contact/): ask for a garbage collection of the repository so the old commits and pull-request views go");
    public static readonly HostingService AzureDevOps = new("Azure DevOps",
        "Azure DevOps support (https://azure.microsoft.com/support/devops/): old commits stay reachable by id and in pull requests until the service cleans them up; see https://learn.microsoft.com/azure/devops/repos/git/remove-binaries");

    public static IReadOnlyList<HostingService> All { get; } = [GitHub, GitLab, Bitbucket, AzureDevOps];

    /// <summary>The service a remote URL points at; null for a self-hosted or unknown server.</summary>
    public static HostingService? For(string? url)
    {
        if (string.IsNullOrEmpty(url)) return null;
        string u = url.ToLowerInvariant();
        if (u.Contains("github.com", StringComparison.Ordinal)) return GitHub;
        if (u.Contains("gitlab", StringComparison.Ordinal)) return GitLab;
        if (u.Contains("bitbucket.org", StringComparison.Ordinal)) return Bitbucket;
        if (u.Contains("dev.azure.com", StringComparison.Ordinal) || u.Contains("visualstudio.com", StringComparison.Ordinal)) return AzureDevOps;
        return null;
    }
}
