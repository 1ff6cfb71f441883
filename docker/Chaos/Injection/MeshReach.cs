using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// How chaos reaches one run's members: the engines that hold their containers, how their state is read, and how
/// their in-app faults are switched. A local run has one engine and a control network the host reaches; a swarm
/// run's members are on their nodes' engines, behind overlay networks only the coordinator reaches.
/// </summary>
public sealed class MeshReach(MemberEngines engines, IMeshMembers members, PeerFaultSwitch peerFaults) : IDisposable
{
    public MemberEngines Engines { get; } = engines;

    public IMeshMembers Members { get; } = members;

    public PeerFaultSwitch PeerFaults { get; } = peerFaults;

    public static async Task<MeshReach> OpenAsync(IDockerEngine engine, RunInventory run, CancellationToken ct)
    {
        if (!run.OnSwarm)
        {
            return new MeshReach(MemberEngines.Local(engine), new MeshMembers(engine.Containers, run), PeerFaultSwitch.Direct());
        }

        var engines = await MemberEngines.OfSwarmAsync(engine, ct);
        var coordinatorPort = await new MeshInventory(engine).CoordinatorPortAsync(run, ct);
        return new MeshReach(engines, new SwarmMeshMembers(engine, engines, run), PeerFaultSwitch.ThroughCoordinator(coordinatorPort));
    }

    public void Dispose()
    {
        PeerFaults.Dispose();
        Engines.Dispose();
    }
}
