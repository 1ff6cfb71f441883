using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// How chaos reaches one run's members: the engines that hold their containers, how their state is read, how node
/// faults stop and start them, and how their in-app faults are switched. A local run has one engine and a control network the host reaches; a swarm
/// run's members are on their nodes' engines, behind overlay networks only the coordinator reaches.
/// </summary>
public sealed class MeshReach(MemberEngines engines, IMeshMembers members, IMemberLifecycle lifecycle, PeerFaultSwitch peerFaults) : IDisposable
{
    public MemberEngines Engines { get; } = engines;

    public IMeshMembers Members { get; } = members;

    public IMemberLifecycle Lifecycle { get; } = lifecycle;

    public PeerFaultSwitch PeerFaults { get; } = peerFaults;

    /// <param name="clock">What waits for a swarm member's fresh task runs on.</param>
    public static async Task<MeshReach> OpenAsync(IDockerEngine engine, RunInventory run, TimeProvider clock, CancellationToken ct)
    {
        if (!run.OnSwarm)
        {
            var local = MemberEngines.Local(engine);
            return new MeshReach(local, new MeshMembers(engine.Containers, run), new EngineMemberLifecycle(local), PeerFaultSwitch.Direct());
        }

        var engines = await MemberEngines.OfSwarmAsync(engine, ct);
        var coordinatorPort = await new MeshInventory(engine).CoordinatorPortAsync(run, ct);
        var members = new SwarmMeshMembers(engine, engines, run);
        return new MeshReach(
            engines, members, new SwarmMemberLifecycle(engine.Swarm, members, engines, clock), PeerFaultSwitch.ThroughCoordinator(coordinatorPort));
    }

    public void Dispose()
    {
        PeerFaults.Dispose();
        Engines.Dispose();
    }
}
