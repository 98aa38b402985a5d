namespace SecretScan.Core;

public static class Entropy
{
    /// <summary>Shannon entropy in bits per character of the text's characters.</summary>
    public static double Shannon(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return 0;
        // Secrets are short and mostly ASCII: a small dictionary-free count beats LINQ grouping.
        Span<int> ascii = stackalloc int[128];
        Dictionary<char, int>? other = null;
        foreach (char c in text)
        {
            if (c < 128) ascii[c]++;
            else { other ??= []; other[c] = other.GetValueOrDefault(c) + 1; }
        }
        double h = 0, n = text.Length;
        foreach (int count in ascii) if (count > 0) h -= count / n * Math.Log2(count / n);
        if (other is not null) foreach (int count in other.Values) h -= count / n * Math.Log2(count / n);
        return h;
    }
}
