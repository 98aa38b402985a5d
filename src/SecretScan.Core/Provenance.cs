namespace SecretScan.Core;

/// <summary>Where scanned content came from: a closed set of cases, each able to describe itself.</summary>
public abstract record Provenance
{
    public abstract string Kind { get; }
    public abstract string Describe();
}

public sealed record FileProvenance(string FullPath) : Provenance
{
    public override string Kind => "file";
    public override string Describe() => FullPath;
}

public sealed record StdinProvenance : Provenance
{
    public override string Kind => "stdin";
    public override string Describe() => "standard input";
}

/// <summary>Content of the git index: what the next commit will contain.</summary>
public sealed record StagedProvenance(string BlobId) : Provenance
{
    public override string Kind => "staged";
    public override string Describe() => $"staged blob {BlobId[..Math.Min(12, BlobId.Length)]}";
}

/// <summary>
/// The commit that first introduced content at a path. <see cref="Order"/> sorts commits oldest first, so that
/// when the same secret is seen in several commits the earliest one is kept.
/// </summary>
public sealed record CommitProvenance(string Commit, string Author, string Email, DateTimeOffset Date, string Summary) : Provenance
{
    public override string Kind => "commit";
    public long Order { get; init; }
    /// <summary>Null when unknown; true when a remote-tracking ref or a tag reaches the commit.</summary>
    public bool? Pushed { get; init; }
    /// <summary>True when the secret is in the commit message rather than a file.</summary>
    public bool InMessage { get; init; }
    public override string Describe() => $"commit {Commit[..Math.Min(12, Commit.Length)]} by {Author} <{Email}> on {Date:yyyy-MM-dd}";
}
