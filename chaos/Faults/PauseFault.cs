using CMesh.Chaos.Mechanisms;

namespace CMesh.Chaos.Faults;

/// <summary>Freezes each target's processes (cgroup freezer) for the step's duration: sockets stay open but silent.</summary>
public sealed record PauseFault : FaultSpec, INodeFault, IDefinesFaultKind
{
    public static FaultKind Definition { get; } = new("pause", 11, _ => new PauseFault());

    public override FaultKind Kind => Definition;

    public override string ToString() => "pause";

    public string Describe(string member) => $"{member}: docker pause, then docker unpause when it ends";

    public Task ApplyAsync(INodeControl node, CancellationToken ct) => node.PauseAsync(ct);

    public Task UndoAsync(INodeControl node, CancellationToken ct) => node.UnpauseAsync(ct);
}
