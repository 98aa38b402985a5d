using System.Text;
using SecretScan.Core;

namespace SecretScan.Remediation;

/// <summary>
/// The <c>git filter-repo --replace-text</c> (and BFG) expressions file: the one file of a purge plan that holds the
/// secrets in clear. One line per distinct text, as written in history, then <c>==&gt;</c> and the replacement.
/// </summary>
public static class ReplacementFile
{
    public const string Replacement = "***REMOVED***";

    /// <summary>
    /// Lines are literal by default in both tools. A text on several lines (a private key), or one that would be read as
    /// an expression (<c>regex:</c>, <c>glob:</c>, <c>literal:</c>), becomes a regex that matches exactly it.
    /// </summary>
    public static string Content(IEnumerable<Secret> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var sb = new StringBuilder();
        foreach (string text in texts.Select(t => t.Reveal()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(t => t.Length).ThenBy(t => t, StringComparer.Ordinal))
        {
            bool plain = !text.Contains('\n') && !text.Contains('\r') && !text.StartsWith("regex:", StringComparison.Ordinal)
                && !text.StartsWith("glob:", StringComparison.Ordinal) && !text.StartsWith("literal:", StringComparison.Ordinal);
            sb.Append(plain ? text : "regex:" + Escape(text)).Append("==>").Append(Replacement).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// Escapes every ASCII character that is not a letter or digit, and writes line breaks as \n and \r: the common ground
    /// of Python's re (filter-repo) and Java's regex (BFG), where a backslash before a letter or digit would change meaning.
    /// </summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length * 2);
        foreach (char ch in text)
        {
            if (ch == '\n') sb.Append("\\n");
            else if (ch == '\r') sb.Append("\\r");
            else if (ch == '\t') sb.Append("\\t");
            else if (ch < 128 && !char.IsAsciiLetterOrDigit(ch)) sb.Append('\\').Append(ch);
            else sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>Writes the file readable by its owner only (0600 on Unix), replacing an older one rather than keeping its mode.</summary>
    public static void Write(string path, string content)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path)) File.Delete(path);   // an existing file would keep its mode: make it new
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        byte[] bytes = new UTF8Encoding(false).GetBytes(content);
        stream.Write(bytes);
    }
}
