using CMesh.Chaos.Mechanisms;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// A node fault done through the engine (pause, kill, stop, restart): applied to every target or to none, and
/// undone when it ends unless it happens at once (<paramref name="reverts"/> false).
/// </summary>
internal sealed class NodePlan(INodeFault fault, bool reverts, IReadOnlyList<MeshMember> targets, Func<MeshMember, INodeControl> control, TimeProvider clock) : IFaultPlan
{
    public string Mechanism => "docker";

    public IReadOnlyList<string> Describe() => targets.Select(t => fault.Describe(t.Name)).ToList();

    public async Task<IAppliedFault> ApplyAsync(CancellationToken ct)
    {
        await AllOrNothing.ApplyAsync(targets, (t, token) => fault.ApplyAsync(control(t), token), UndoAsync, clock, ct);
        return reverts
            ? new RevertWith(token => AllOrNothing.UndoAllAsync(targets, (t, inner) => GoneMembers.IgnoringGoneAsync(() => UndoAsync(t, inner)), token))
            : NothingToRevert.Instance;
    }

    private Task UndoAsync(MeshMember target, CancellationToken ct) => fault.UndoAsync(control(target), ct);
}
