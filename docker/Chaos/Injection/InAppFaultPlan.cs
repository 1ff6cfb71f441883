
namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// A fault that lives in each target peer's process, switched on through its control server and off when it ends. A
/// target that no longer runs when it ends took the fault with its process, so there is nothing to switch off.
/// </summary>
internal sealed class InAppFaultPlan(MeshControls controls, string fault, IReadOnlyList<MeshMember> targets) : IFaultPlan
{
    public string Mechanism => "peer";

    public IReadOnlyList<string> Describe() =>
        targets.Select(t => $"{t.Name}: PUT {controls.PeerFaults.Url(t, fault)}, then DELETE it when it ends").ToList();

    public async Task<IAppliedFault> ApplyAsync(CancellationToken ct)
    {
        await AllOrNothing.ApplyAsync(targets, (t, token) => controls.PeerFaults.SetAsync(t, fault, on: true, token), SwitchOffAsync, controls.Clock, ct);
        return new RevertWith(token => AllOrNothing.UndoAllAsync(targets, SwitchOffAsync, token));
    }

    private async Task SwitchOffAsync(MeshMember target, CancellationToken ct)
    {
        try
        {
            await controls.PeerFaults.SetAsync(target, fault, on: false, ct);
        }
        catch (InAppFaultException)
        {
            // Killed, stopped or removed: the fault went with the process. A paused peer still has it, to be switched off.
            if (await controls.Members.IsRunningAsync(target, ct))
            {
                throw;
            }
        }
    }
}
