using SecretScan.Tests.Support;

namespace SecretScan.Tests.Cli;

/// <summary>
/// The Linux Native AOT build links <c>src/SecretScan.Cli/Native/startup-prefault.c</c>, whose constructor faults in
/// the executable's zero-filled data before main. The tests build it into a small C program with 8 MB of such data
/// and ask the kernel (mincore) how much of it is resident before the program touches it: all of it with the
/// constructor, next to none without. The same C compiler the AOT link needs is used; without one there is nothing to build.
/// </summary>
[TestFixture]
public class StartupPrefaultTests
{
    private const string Probe = """
        #include <stdint.h>
        #include <stdio.h>
        #include <sys/mman.h>
        #include <unistd.h>

        static char zero_filled[8 << 20];

        int main(void)
        {
            uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
            uintptr_t start = ((uintptr_t)zero_filled + page - 1) & ~(page - 1);
            uintptr_t end = ((uintptr_t)zero_filled + sizeof zero_filled) & ~(page - 1);
            size_t pages = (end - start) / page, resident = 0;
            static unsigned char vec[(8 << 20) / 4096 + 1];
            if (mincore((void *)start, end - start, vec) != 0) { perror("mincore"); return 2; }
            for (size_t i = 0; i < pages; i++) resident += vec[i] & 1;
            printf("%zu %zu\n", resident, pages);
            return zero_filled[pages / 2];
        }
        """;

    private static string Source => Path.Combine(CliRunner.RepoRoot, "src", "SecretScan.Cli", "Native", "startup-prefault.c");

    [Test]
    public void The_constructor_makes_the_zero_filled_data_resident_before_main()
    {
        (long resident, long pages) = Residency(withPrefault: true);
        Assert.That(resident, Is.EqualTo(pages), $"{resident} of {pages} pages resident at main");
    }

    [Test]
    public void Without_it_the_same_data_is_faulted_in_page_by_page()
    {
        (long resident, long pages) = Residency(withPrefault: false);
        Assert.That(resident, Is.LessThan(pages / 10), $"{resident} of {pages} pages resident at main");
    }

    private static (long Resident, long Pages) Residency(bool withPrefault)
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("the prefault is linked into the Linux build only");
        if (Environment.OSVersion.Version < new Version(5, 14)) Assert.Ignore("MADV_POPULATE_WRITE needs Linux 5.14");
        string? compiler = new[] { "cc", "gcc", "clang" }.FirstOrDefault(OnPath);
        if (compiler is null) Assert.Ignore("no C compiler on PATH (the Native AOT link needs one too)");

        using var dir = new TempDirectory();
        string probe = Path.Combine(dir.Path, "probe.c"), binary = Path.Combine(dir.Path, "probe");
        File.WriteAllText(probe, Probe);
        List<string> args = ["-O2", "-Wall", "-Werror", "-o", binary, probe];
        if (withPrefault) args.Add(Source);
        CliRunner.Result build = CliRunner.Run(compiler!, args, dir.Path, timeoutMs: 60_000);
        Assert.That(build.ExitCode, Is.EqualTo(0), build.ToString());

        CliRunner.Result run = CliRunner.Run(binary, [], dir.Path, timeoutMs: 30_000);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        string[] figures = run.Stdout.Trim().Split(' ');
        return (long.Parse(figures[0]), long.Parse(figures[1]));
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));
}
