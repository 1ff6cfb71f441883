using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Node faults on a swarm run's members, each on the container of the member's current task, through its node's own
/// engine. Starting a member again cannot restart that container: for the swarm a task whose container ended is over,
/// and its node withdraws the task's secrets. So the member's service is asked for a fresh task instead, which its
/// placement puts on the same node, with the same name, network aliases and results volume.
/// </summary>
public sealed class SwarmMemberLifecycle(IDockerSwarm manager, SwarmMeshMembers members, MemberEngines engines, TimeProvider clock) : IMemberLifecycle
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    public async Task PauseAsync(MeshMember member, CancellationToken ct)
    {
        var (engine, id) = await CurrentContainerAsync(member, ct);
        await engine.Containers.PauseAsync(id, ct);
    }

    public async Task UnpauseAsync(MeshMember member, CancellationToken ct)
    {
        var (engine, id) = await CurrentContainerAsync(member, ct);
        await engine.Containers.UnpauseAsync(id, ct);
    }

    public async Task KillAsync(MeshMember member, string signal, CancellationToken ct)
    {
        var (engine, id) = await CurrentContainerAsync(member, ct);
        await engine.Containers.KillAsync(id, signal, ct);
    }

    public async Task StopAsync(MeshMember member, TimeSpan grace, CancellationToken ct)
    {
        var (engine, id) = await CurrentContainerAsync(member, ct);
        await engine.Containers.StopAsync(id, grace, ct);
    }

    /// <exception cref="InvalidOperationException">The swarm did not run a fresh task within 90 s; the message gives the task's last state.</exception>
    public async Task StartAsync(MeshMember member, CancellationToken ct)
    {
        var service = members.ServiceOf(member);
        var before = (await members.CurrentAsync(member, ct)).ContainerId;
        await manager.ForceUpdateServiceAsync(service.Id, ct);
        using var deadline = new CancellationTokenSource(StartLimit, clock);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        SwarmTask? fresh = null;
        try
        {
            while (true)
            {
                fresh = (await manager.ListTasksAsync([service.Id], limit.Token))
                    .Where(t => t.DesiredState == "running" && t.ContainerId != before)
                    .MaxBy(t => t.Timestamp);
                if (fresh is { State: "running" })
                {
                    return;
                }

                await Task.Delay(Poll, clock, limit.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"{member.Name}: the swarm ran no fresh task within {StartLimit.TotalSeconds:F0} s ({(fresh is null ? "none was created" : $"the newest is {fresh.State}{(fresh.Error.Length > 0 ? $": {fresh.Error}" : "")}")})");
        }
    }

    private async Task<(IDockerEngine Engine, string Id)> CurrentContainerAsync(MeshMember member, CancellationToken ct)
    {
        var current = await members.CurrentAsync(member, ct);
        return (engines.For(current), current.ContainerId);
    }
}
