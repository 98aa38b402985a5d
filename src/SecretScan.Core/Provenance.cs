using System.Globalization;

namespace SecretScan.Core;

/// <summary>Where scanned content came from: a closed set of cases, each able to describe itself.</summary>
public abstract record Provenance
{
    /// <summary>One line for people: which file, input, blob or commit the content came from.</summary>
    public abstract string Describe();

    /// <summary>The abbreviated object id shown to people everywhere (reports keep the full id in machine fields).</summary>
    public static string ShortId(string id) => id[..Math.Min(12, id.Length)];
}

public sealed record FileProvenance(string FullPath) : Provenance
{
    public override string Describe() => FullPath;
}

public sealed record StdinProvenance : Provenance
{
    public override string Describe() => "standard input";
}

/// <summary>Content of the git index: what the next commit will contain.</summary>
public sealed record StagedProvenance(string BlobId) : Provenance
{
    public override string Describe() => $"staged blob {ShortId(BlobId)}";
}

/// <summary>
/// The commit that first introduced content at a path. <see cref="Order"/> sorts commits oldest first, so that
/// when the same secret is seen in several commits the earliest one is kept.
/// </summary>
public sealed record CommitProvenance(string Commit, string Author, string Email, DateTimeOffset Date, string Summary) : Provenance
{
    public long Order { get; init; }
    /// <summary>Null when unknown; true when a remote-tracking ref or a tag reaches the commit.</summary>
    public bool? Pushed { get; init; }
    /// <summary>True when the secret is in the commit message rather than a file.</summary>
    public bool InMessage { get; init; }
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"commit {ShortId(Commit)} by {Author} <{Email}> on {Date:yyyy-MM-dd}");
}
