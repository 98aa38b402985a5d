namespace SecretScan.Cli.Parsing;

/// <summary>One positional value of a verb, as its <c>[Value]</c> attribute declares it.</summary>
public sealed record PositionalSpec(string MetaName, bool IsSequence, string HelpText);
