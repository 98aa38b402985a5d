namespace SecretScan.Core.Decoding;

/// <summary>
/// Candidate lists kept per thread and used again: every file with a keyword hit, and every decoded layer, fills one,
/// and new lists grown candidate by candidate were most of the decoder's allocations on ordinary source.
/// </summary>
internal static class CandidateLists
{
    // A list grown past this by one huge file is let go rather than kept for the rest of the scan.
    private const int MaxKeptCapacity = 4096;

    [ThreadStatic] private static Stack<List<Candidate>>? t_free;

    public static List<Candidate> Rent() => t_free is { Count: > 0 } free ? free.Pop() : new List<Candidate>(32);

    /// <summary>Gives the list back once nothing reads it any more (a list not given back is merely collected).</summary>
    public static void Return(List<Candidate> list)
    {
        if (list.Capacity > MaxKeptCapacity) return;
        list.Clear();
        (t_free ??= new Stack<List<Candidate>>()).Push(list);
    }
}
