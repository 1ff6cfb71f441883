using System.CommandLine;

namespace CMesh.Cli.Chaos;

/// <summary>The options every chaos command that applies faults takes.</summary>
public sealed class ChaosOptions
{
    public Option<string?> Run { get; } = new("--run") { Description = "The run to act on (default: the newest)" };

    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Print the targets and every command that would run; change nothing" };

    public Option<int?> Seed { get; } = new("--seed") { Description = "Seed of the random choices (targets, partition sides); printed and logged on every run" };

    public IEnumerable<Option> All => [Run, DryRun, Seed];
}
