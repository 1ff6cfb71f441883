
namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// The narrow ways chaos reaches one run's mesh: commands in a member's network namespace, the members and their
/// state, their containers' lifecycle, the peers' in-app fault switches, the run's chaos log and the clock.
/// </summary>
public sealed record MeshControls(
    INetworkShell Shell, IMeshMembers Members, IMemberLifecycle Lifecycle, IPeerFaultSwitch PeerFaults, IChaosLog Log, TimeProvider Clock);
