using CMesh.Chaos.Faults;
using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Partitions;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Turns a fault and its chosen targets into a plan for this mesh: the mechanism interface the fault implements
/// picks the plan (tc, nft, the container's lifecycle, the peer's process), on which members, with which addresses.
/// It refuses, before anything is touched, a fault the kernel cannot do or the targets cannot take.
/// </summary>
public sealed class FaultPlanner(MeshControls controls, KernelCapabilities kernel, Random random)
{
    /// <param name="members">The mesh's members as they are now.</param>
    /// <exception cref="MissingKernelFeatureException">The host's kernel lacks what the fault needs.</exception>
    /// <exception cref="InvalidOperationException">The targets cannot take the fault (not running, too few, not on the data network).</exception>
    public IFaultPlan Plan(string faultId, FaultSpec fault, IReadOnlyList<MeshMember> members, IReadOnlyList<string> targetNames, Action<string> onAction)
    {
        var mesh = new PlannedMesh(members);
        var targets = targetNames.Select(mesh.Member).ToList();
        var what = $"{fault.Kind} ({fault})";
        kernel.Check(fault);
        var chain = PacketDrops.ChainFor(faultId);
        return fault switch
        {
            IRandomDropFault { DroppedPercent: { } percent } and IShapedFault link =>
                new DropPlan(controls.Shell, RandomLoss(mesh, chain, link.Scope, OnDataNetwork(targets, what)), percent, controls.Clock),
            IShapedFault link => Shape(mesh, link, OnDataNetwork(targets, what)),
            IPartitionFault partition => Partition(mesh, chain, partition, OnDataNetwork(targets, what), onAction),
            ISignalCutFault => SignalCut(mesh, chain, targets),
            IMobilityFault mobility => new MobilityPlan(
                controls.Shell, chain, mobility, AtLeast(OnDataNetwork(targets, what), Grudges.MinimumTargets(mobility.Layout), what), mesh.PeerNames, random, controls.Clock, onAction),
            IChurnFault churn => new ChurnPlan(controls, churn, Running(targets, what), random, onAction),
            INodeFault node => new NodePlan(node, fault.DurationRule != DurationRule.None, Running(targets, what), m => new MemberNodeControl(m, controls), controls.Clock),
            IInAppFault inApp => new InAppFaultPlan(controls, inApp.Switch, PeersOnly(Running(targets, what), what)),
            _ => throw new InvalidOperationException($"{what} is not applied to targets"),
        };
    }

    /// <summary>
    /// Loss is dropped where packets arrive, so that it looks like a lossy wire: a target's outgoing loss is a chain
    /// on each receiver dropping a share of what comes from the targets; with both directions each target also
    /// drops a share of what it receives. The two draws are independent, as on two lossy hops.
    /// </summary>
    private List<MemberDrops> RandomLoss(PlannedMesh mesh, string chain, LinkScope scope, IReadOnlyList<MeshMember> targets)
    {
        var destinations = DestinationsOf(mesh, scope);
        var drops = new List<MemberDrops>();
        foreach (var receiver in destinations)
        {
            var senders = targets.Where(t => t.Name != receiver.Name).Select(t => t.DataIpOrThrow).ToList();
            if (senders.Count > 0)
            {
                drops.Add(new MemberDrops(receiver, chain + "_out", senders));
            }
        }

        if (scope.Direction == LinkDirection.Both)
        {
            drops.AddRange(targets.Select(t => new MemberDrops(t, chain + "_in", destinations.Where(d => d.Name != t.Name).Select(d => d.DataIpOrThrow).ToList()))
                .Where(d => d.Sources.Count > 0));
        }

        return drops;
    }

    private ShapePlan Shape(PlannedMesh mesh, IShapedFault link, IReadOnlyList<MeshMember> targets)
    {
        var destinations = link.Scope.Destinations is null ? null : DestinationsOf(mesh, link.Scope).Select(d => d.DataIpOrThrow).ToList();
        return new ShapePlan(
            controls.Shell, link.Qdisc, targets.Select(t => new MemberShape(t, link.Scope.Direction, destinations?.Where(d => d != t.DataIp).ToList())).ToList(), controls.Clock);
    }

    private DropPlan Partition(PlannedMesh mesh, string chain, IPartitionFault partition, IReadOnlyList<MeshMember> targets, Action<string> onAction)
    {
        AtLeast(targets, Grudges.MinimumTargets(partition.Layout), $"partition {partition.Layout}");
        var nodeOf = mesh.Members.Where(m => m.Labels.ContainsKey(MeshLabels.Node)).ToDictionary(m => m.Name, m => m.Labels[MeshLabels.Node]);
        var draw = Grudges.Draw(partition.Layout, partition.OneWay, targets.Select(t => t.Name).ToList(), mesh.PeerNames, random, nodeOf);
        onAction(draw.Description);
        var drops = draw.Grudges
            .Select(g => new MemberDrops(mesh.Member(g.Key), chain, g.Value.Select(p => mesh.Member(p).DataIpOrThrow).ToList()))
            .Where(d => d.Sources.Count > 0)
            .OrderBy(d => mesh.Members.ToList().IndexOf(d.Member))
            .ToList();
        Running(drops.Select(d => d.Member).ToList(), $"partition {partition.Layout}");
        return new DropPlan(controls.Shell, drops, null, controls.Clock);
    }

    /// <summary>The coordinator stops hearing the peers on the control network; the CLI, which reaches it through the published port, still does.</summary>
    private DropPlan SignalCut(PlannedMesh mesh, string chain, IReadOnlyList<MeshMember> targets)
    {
        var coordinator = Running(targets, "a signal outage").Single();
        return new DropPlan(controls.Shell, [new MemberDrops(coordinator, chain, mesh.Peers.Select(p => p.ControlIpOrThrow).ToList())], null, controls.Clock);
    }

    private IReadOnlyList<MeshMember> DestinationsOf(PlannedMesh mesh, LinkScope scope) =>
        scope.Destinations is { } selector ? selector.Select(mesh.PeerNames, random, mesh.Labels).Select(mesh.Member).ToList() : mesh.Peers;

    private static IReadOnlyList<MeshMember> OnDataNetwork(IReadOnlyList<MeshMember> targets, string what)
    {
        if (targets.FirstOrDefault(t => t.DataIp is null) is { } outside)
        {
            throw new InvalidOperationException($"{what} acts on the data network, which {outside.Name} is not on{(outside.IsCoordinator ? ": to cut the coordinator off, use signal-outage" : "")}");
        }

        return Running(targets, what);
    }

    private static IReadOnlyList<MeshMember> PeersOnly(IReadOnlyList<MeshMember> targets, string what) =>
        targets.Any(t => t.IsCoordinator) ? throw new InvalidOperationException($"{what} acts on a peer's sync engine, and the coordinator has none") : targets;

    private static IReadOnlyList<MeshMember> Running(IReadOnlyList<MeshMember> targets, string what) =>
        targets.FirstOrDefault(t => !t.Running) is { } down
            ? throw new InvalidOperationException($"{what}: {down.Name} is not running")
            : targets;

    private static IReadOnlyList<MeshMember> AtLeast(IReadOnlyList<MeshMember> targets, int count, string what) =>
        targets.Count >= count ? targets : throw new InvalidOperationException($"{what} needs at least {count} targets, and got {targets.Count}");
}
