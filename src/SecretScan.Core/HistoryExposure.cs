using System.Globalization;

namespace SecretScan.Core;

/// <summary>
/// How far a secret found in history has travelled, worked out after the scan (see SecretScan.Remediation): the commit
/// that first carried it, whether HEAD still does, whether a remote-tracking ref reaches that commit (the key is
/// already on a server) and for how long. It decides which key to rotate first.
/// </summary>
public sealed record HistoryExposure
{
    public required string FirstSeenCommit { get; init; }
    /// <summary>The first-seen commit's committer date: when the secret became part of history.</summary>
    public required DateTimeOffset FirstSeenDate { get; init; }
    /// <summary>True when the file (or message) at HEAD still holds the secret.</summary>
    public bool AtHead { get; init; }
    /// <summary>True when a remote-tracking ref (refs/remotes/*) reaches the first-seen commit: it is already on a remote.</summary>
    public bool Pushed { get; init; }
    /// <summary>Whole days from <see cref="FirstSeenDate"/> to the clock of the run that assessed it; never negative.</summary>
    public int DaysReachable { get; init; }

    /// <summary>0 is the most urgent: pushed and still at HEAD, then pushed, then local and at HEAD, then local only.</summary>
    public int Urgency => (Pushed ? 0 : 2) + (AtHead ? 0 : 1);

    /// <summary>"pushed 412 days ago" or "committed 3 days ago, only in local branches".</summary>
    public string Age => Pushed ? $"pushed {Ago(DaysReachable)}" : $"committed {Ago(DaysReachable)}, only in local branches";

    /// <summary>One line for people: "pushed 412 days ago; still at HEAD; first seen in a1b2c3d4e5f6 on 2025-10-15".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Age}; {(AtHead ? "still at HEAD" : "no longer at HEAD (history only)")}; first seen in {Provenance.ShortId(FirstSeenCommit)} on {FirstSeenDate:yyyy-MM-dd}");

    public static string Ago(int days) => days switch
    {
        <= 0 => "today",
        1 => "1 day ago",
        _ => string.Create(CultureInfo.InvariantCulture, $"{days} days ago"),
    };

    public static int DaysBetween(DateTimeOffset from, DateTimeOffset now) => (int)Math.Max(0, Math.Floor((now - from).TotalDays));
}
