using CMesh.Docker.Engine;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// A node fault done through the engine: pause (undone by unpause), kill or stop (undone by starting the member
/// again, which gives it a fresh network namespace) or restart (nothing to undo).
/// </summary>
internal sealed class NodePlan(IDockerEngine engine, INetworkShell shell, FaultSpec fault, IReadOnlyList<MeshMember> targets) : IFaultPlan
{
    public string Mechanism => "docker";

    public IReadOnlyList<string> Describe() => targets.Select(t => fault switch
    {
        PauseFault => $"{t.Name}: docker pause, then docker unpause when it ends",
        KillFault kill => $"{t.Name}: docker kill --signal {kill.Signal}, then docker start when it ends",
        StopFault stop => $"{t.Name}: docker stop --time {(int)stop.Grace.TotalSeconds}, then docker start when it ends",
        RestartFault restart => $"{t.Name}: docker restart --time {(int)restart.Grace.TotalSeconds}",
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "not a node fault"),
    }).ToList();

    public async Task<IAppliedFault> ApplyAsync(CancellationToken ct)
    {
        await AllOrNothing.ApplyAsync(targets, ApplyToAsync, UndoAsync, ct);
        return fault is RestartFault
            ? NothingToRevert.Instance
            : new RevertWith(token => AllOrNothing.UndoAllAsync(targets, (t, inner) => GoneMembers.IgnoringGoneAsync(() => UndoAsync(t, inner)), token));
    }

    private async Task ApplyToAsync(MeshMember target, CancellationToken ct)
    {
        switch (fault)
        {
            case PauseFault:
                await engine.Containers.PauseAsync(target.ContainerId, ct);
                break;
            case KillFault kill:
                await engine.Containers.KillAsync(target.ContainerId, kill.Signal, ct);
                await WaitUntilStoppedAsync(target, ct);
                break;
            case StopFault stop:
                await engine.Containers.StopAsync(target.ContainerId, stop.Grace, ct);
                break;
            case RestartFault restart:
                await engine.Containers.StopAsync(target.ContainerId, restart.Grace, ct);
                await MemberStart.AgainAsync(engine, shell, target, ct);
                break;
        }
    }

    private Task UndoAsync(MeshMember target, CancellationToken ct) => fault switch
    {
        PauseFault => engine.Containers.UnpauseAsync(target.ContainerId, ct),
        RestartFault => Task.CompletedTask,
        _ => MemberStart.AgainAsync(engine, shell, target, ct),
    };

    /// <summary>A signal other than SIGKILL may be caught; the member may take a moment to exit, or not exit at all.</summary>
    private async Task WaitUntilStoppedAsync(MeshMember target, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await engine.Containers.InspectAsync(target.ContainerId, ct) is not { Running: true })
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }
}
