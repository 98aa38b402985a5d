using System.Text;
using SecretScan.Cli.Hosting;
using SecretScan.Cli.Parsing;
using SecretScan.Core;
using SecretScan.Git;
using SecretScan.Remediation;

namespace SecretScan.Cli.Commands;

/// <summary>
/// <c>purge-plan</c>: the findings of a saved history report, or of a history scan run now, assessed for exposure and
/// turned into the plan (SecretScan.Remediation); the replace-text file is written owner-only when pushed history needs it.
/// </summary>
public sealed class PurgePlanCommand(RepositoryLocation repository, string? reportPath, ScanJob? scan, string format, string? output, string replacements) : ICommand
{
    public static PurgePlanCommand Create(PurgePlanOptions o, CliHost host)
    {
        if (o.Format is not (null or "text" or "markdown" or "md"))
            throw new UsageException($"unknown purge-plan format '{ArgsGuard.Mask(o.Format)}' (expected text or markdown)");
        RepositoryLocation repo = RepositoryLocation.Find(host.FullPath(o.Path ?? "."));
        string? report = o.Report is null ? null : host.FullPath(o.Report);
        if (report is not null && !host.Files.FileExists(report)) throw new UsageException($"--report: '{o.Report}' does not exist");
        if (report is not null && (o.Rules.Any() || o.Config is not null || o.NoConfig))
            throw new UsageException("--rules, --config and --no-config belong to the history scan; with --report the scan has been run already");
        string? output = o.Output is null ? null : host.FullPath(o.Output);
        if (output is not null) ScanSettingsBuilder.RequireFolder(output, "--output", host);
        string name = Path.GetFileName(repo.Root.TrimEnd('/', '\\'));
        string replacements = host.FullPath(o.Replacements ?? Path.Combine(Path.GetDirectoryName(repo.Root.TrimEnd('/', '\\')) ?? repo.Root, $"{name}-secretscan-replacements.txt"));
        ScanSettingsBuilder.RequireFolder(replacements, "--replacements", host);
        ScanJob? scan = report is not null ? null : ScanJobs.For(new GitOptions
        {
            Path = repo.Root,
            Rules = o.Rules,
            Config = o.Config,
            NoConfig = o.NoConfig,
            Quiet = true,
        }, host, writesReports: false);
        return new PurgePlanCommand(repo, report, scan, o.Format is "markdown" or "md" ? "markdown" : "text", output, replacements);
    }

    public int Run(CliHost host, CancellationToken cancellationToken)
    {
        IReadOnlyList<LeakedSecret> leaks;
        if (reportPath is not null)
        {
            try { leaks = SavedReport.Read(host.Files.ReadAllText(reportPath), reportPath); }
            catch (SavedReportException e) { throw new UsageException(e.Message); }
        }
        else
        {
            ScanReport report = ScanRunner.Run(scan!, host, cancellationToken);
            foreach (Diagnostic d in report.Diagnostics.Where(d => d.Level == DiagnosticLevel.Warning))
                host.Console.Error.WriteLine($"secretscan: {d}");
            leaks = [.. report.Findings.Select(LeakedSecret.From).OfType<LeakedSecret>()];
        }
        IReadOnlyList<LeakedSecret> assessed = new ExposureAssessor(repository, host.Clock).Assess(leaks);
        PurgePlan plan = PurgePlanner.Build(new PurgePlanRequest(repository, assessed, replacements, host.Clock.GetUtcNow()));

        if (plan.NeedsReplacements)
        {
            if (repository.WorkTree is { } tree && replacements.StartsWith(tree.TrimEnd('/', '\\') + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                host.Console.Error.WriteLine($"secretscan: warning: {replacements} is inside the repository: never commit it, and delete it when done");
            try { ReplacementFile.Write(replacements, plan.ReplacementsContent); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--replacements: cannot write '{replacements}': {e.Message}");
            }
            host.Console.Error.WriteLine($"secretscan: wrote the replace-text file {replacements} (owner-only; it holds the secrets in clear: delete it when done)");
        }

        string text = format == "markdown" ? PlanWriter.Markdown(plan.Document) : PlanWriter.Text(plan.Document);
        if (output is null) host.Console.Out.Write(text);
        else
        {
            using Stream stream = host.Files.CreateReport(output);
            stream.Write(new UTF8Encoding(false).GetBytes(text));
        }
        return ExitCodes.Clean;
    }
}
