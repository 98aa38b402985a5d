namespace SecretScan.Cli.Hosting;

public sealed class SystemEnvironment : IEnvironment
{
    public string CurrentDirectory => Directory.GetCurrentDirectory();
    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);

    public IReadOnlyDictionary<string, string> Variables()
    {
        // Windows names are case-insensitive, Unix names are not: the doctor must see the names as the OS does.
        var all = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string k && e.Value is string v) all[k] = v;
        return all;
    }
}
