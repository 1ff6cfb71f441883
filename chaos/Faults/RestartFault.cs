using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Faults;

/// <summary>Stops each target (SIGTERM, then SIGKILL after Grace) and starts it again at once; nothing is left to undo.</summary>
public sealed record RestartFault(TimeSpan Grace) : FaultSpec, INodeFault, IDefinesFaultKind
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(10);

    public static FaultKind Definition { get; } = new("restart", 12, f => new RestartFault(f.Get("grace", ScenarioValues.Duration, DefaultGrace)))
    {
        Fields = ["grace"],
        BareField = "grace",
        StopsMembers = true,
    };

    public TimeSpan Grace { get; } = FaultCheck.NotNegative(Grace, "grace");

    public override FaultKind Kind => Definition;

    public override DurationRule DurationRule => DurationRule.None;

    public override string ToString() => $"restart (grace {ScenarioValues.Format(Grace)})";

    public string Describe(string member) => $"{member}: docker restart --time {(int)Grace.TotalSeconds}";

    public async Task ApplyAsync(INodeControl node, CancellationToken ct)
    {
        await node.StopAsync(Grace, ct);
        await node.StartAgainAsync(ct);
    }

    public Task UndoAsync(INodeControl node, CancellationToken ct) => Task.CompletedTask;
}
