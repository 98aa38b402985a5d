using System.Text;

namespace SecretScan.Remediation;

/// <summary>A purge plan as blocks, so the text and markdown forms say the same thing in the same order.</summary>
public sealed record PlanDocument(string Title, IReadOnlyList<PlanBlock> Blocks);

public abstract record PlanBlock;
/// <summary>A numbered section ("1. Rotate every key first") or a step inside one.</summary>
public sealed record PlanHeading(string Text, int Level) : PlanBlock;
public sealed record PlanParagraph(string Text) : PlanBlock;
public sealed record PlanList(IReadOnlyList<string> Items) : PlanBlock;
/// <summary>Shell commands to run as they stand, in order; a line starting with '#' is a comment between them.</summary>
public sealed record PlanCommands(IReadOnlyList<string> Lines) : PlanBlock;

/// <summary>Writes a <see cref="PlanDocument"/> as plain text (commands prefixed with <c>$ </c>) or markdown.</summary>
public static class PlanWriter
{
    public static string Text(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        sb.Append(plan.Title).Append('\n').Append(new string('=', plan.Title.Length)).Append('\n');
        foreach (PlanBlock block in plan.Blocks)
        {
            switch (block)
            {
                case PlanHeading { Level: 1 } h:
                    sb.Append('\n').Append(h.Text).Append('\n').Append(new string('-', h.Text.Length)).Append('\n');
                    break;
                case PlanHeading h:
                    sb.Append('\n').Append(h.Text).Append('\n');
                    break;
                case PlanParagraph p:
                    sb.Append(p.Text).Append('\n');
                    break;
                case PlanList l:
                    foreach (string item in l.Items) sb.Append("  - ").Append(item.Replace("\n", "\n    ", StringComparison.Ordinal)).Append('\n');
                    break;
                case PlanCommands c:
                    foreach (string line in c.Lines) sb.Append(line.StartsWith('#') ? "    " : "    $ ").Append(line).Append('\n');
                    break;
            }
        }
        return sb.ToString();
    }

    public static string Markdown(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        sb.Append("# ").Append(plan.Title).Append("\n\n");
        foreach (PlanBlock block in plan.Blocks)
        {
            switch (block)
            {
                case PlanHeading h:
                    sb.Append(h.Level == 1 ? "## " : "### ").Append(h.Text).Append("\n\n");
                    break;
                case PlanParagraph p:
                    sb.Append(p.Text).Append("\n\n");
                    break;
                case PlanList l:
                    foreach (string item in l.Items) sb.Append("- ").Append(item.Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
                    sb.Append('\n');
                    break;
                case PlanCommands c:
                    sb.Append("```sh\n");
                    foreach (string line in c.Lines) sb.Append(line).Append('\n');
                    sb.Append("```\n\n");
                    break;
            }
        }
        return sb.ToString();
    }
}
