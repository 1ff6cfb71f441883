using CMesh.Common.Contracts;
using CMesh.Docker.Engine;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Turns a fault and its chosen targets into a plan for this mesh: which mechanism does it, on which members, with
/// which addresses. It refuses, before anything is touched, a fault the kernel cannot do or the targets cannot take.
/// </summary>
/// <param name="peerFaults">Switches the faults that live in the peer process (drop-updates).</param>
public sealed class FaultPlanner(
    IDockerEngine engine, INetworkShell shell, PeerFaultSwitch peerFaults, KernelCapabilities kernel, IReadOnlyList<MeshMember> members, Random random, TimeProvider clock)
{
    private IReadOnlyList<MeshMember> Peers => members.Where(m => !m.IsCoordinator).ToList();

    /// <exception cref="MissingKernelFeatureException">The host's kernel lacks what the fault needs.</exception>
    /// <exception cref="InvalidOperationException">The targets cannot take the fault (not running, too few, not on the data network).</exception>
    public IFaultPlan Plan(string faultId, FaultSpec fault, IReadOnlyList<string> targetNames, Action<string> onAction)
    {
        var targets = targetNames.Select(Member).ToList();
        var what = $"{KebabName.Of(fault.Kind)} ({fault})";
        CheckKernel(fault, kernel);
        var chain = PacketDrops.ChainFor(faultId);
        switch (fault)
        {
            case LossFault { Correlation: 0 } loss:
                return new DropPlan(shell, RandomLoss(chain, loss, OnDataNetwork(targets, what)), loss.Percent);
            case LinkFault link:
                return Shape(link, OnDataNetwork(targets, what));
            case PartitionFault partition:
                return Partition(chain, partition, OnDataNetwork(targets, what), onAction);
            case SignalOutageFault:
                return SignalOutage(chain, targets);
            case MobilityFault mobility:
                return new MobilityPlan(shell, chain, mobility, AtLeast(OnDataNetwork(targets, what), Grudges.MinimumTargets(mobility.Layout), what), PeerNames, random, clock, onAction);
            case ChurnFault churn:
                return new ChurnPlan(engine, shell, churn, Running(targets, what), random, clock, onAction);
            case DropUpdatesFault:
                return new InAppFaultPlan(engine, peerFaults, InAppFaults.DropUpdates, PeersOnly(Running(targets, what), what));
            case PauseFault or KillFault or StopFault or RestartFault:
                return new NodePlan(engine, shell, fault, Running(targets, what));
            default:
                throw new InvalidOperationException($"{what} is not applied to targets");
        }
    }

    /// <summary>Refuses a fault the kernel cannot do; it needs no mesh, so a run can check its scenario before it starts anything.</summary>
    /// <exception cref="MissingKernelFeatureException">The first missing feature, named.</exception>
    public static void CheckKernel(FaultSpec fault, KernelCapabilities kernel)
    {
        var what = $"{KebabName.Of(fault.Kind)} ({fault})";
        switch (fault)
        {
            case LossFault { Correlation: 0 } or PartitionFault or SignalOutageFault or MobilityFault:
                kernel.Require(KernelFeature.Nftables, what);
                break;
            case LinkFault link:
                kernel.Require(LinkQdisc.For(link).Needs, what);
                if (link.Scope.Destinations is not null)
                {
                    kernel.Require(KernelFeature.PerDestination, what);
                }

                if (link.Scope.Direction == LinkDirection.Both)
                {
                    kernel.Require(KernelFeature.Ingress, what);
                }

                break;
        }
    }

    private IReadOnlyList<string> PeerNames => Peers.Select(p => p.Name).ToList();

    /// <summary>
    /// Loss is dropped where packets arrive, so that it looks like a lossy wire: a target's outgoing loss is a chain
    /// on each receiver dropping a share of what comes from the targets; with both directions each target also
    /// drops a share of what it receives. The two draws are independent, as on two lossy hops.
    /// </summary>
    private List<MemberDrops> RandomLoss(string chain, LossFault loss, IReadOnlyList<MeshMember> targets)
    {
        var destinations = DestinationsOf(loss.Scope);
        var drops = new List<MemberDrops>();
        foreach (var receiver in destinations)
        {
            var senders = targets.Where(t => t.Name != receiver.Name).Select(t => t.DataIpOrThrow).ToList();
            if (senders.Count > 0)
            {
                drops.Add(new MemberDrops(receiver, chain + "_out", senders));
            }
        }

        if (loss.Scope.Direction == LinkDirection.Both)
        {
            drops.AddRange(targets.Select(t => new MemberDrops(t, chain + "_in", destinations.Where(d => d.Name != t.Name).Select(d => d.DataIpOrThrow).ToList()))
                .Where(d => d.Sources.Count > 0));
        }

        return drops;
    }

    private ShapePlan Shape(LinkFault link, IReadOnlyList<MeshMember> targets)
    {
        var qdisc = LinkQdisc.For(link);
        var destinations = link.Scope.Destinations is null ? null : DestinationsOf(link.Scope).Select(d => d.DataIpOrThrow).ToList();
        return new ShapePlan(shell, qdisc, targets.Select(t => new MemberShape(t, link.Scope.Direction, destinations?.Where(d => d != t.DataIp).ToList())).ToList());
    }

    private DropPlan Partition(string chain, PartitionFault partition, IReadOnlyList<MeshMember> targets, Action<string> onAction)
    {
        AtLeast(targets, Grudges.MinimumTargets(partition.Layout), $"partition {partition.Layout}");
        var draw = Grudges.Draw(partition.Layout, partition.OneWay, targets.Select(t => t.Name).ToList(), PeerNames, random);
        onAction(draw.Description);
        var drops = draw.Grudges
            .Select(g => new MemberDrops(Member(g.Key), chain, g.Value.Select(p => Member(p).DataIpOrThrow).ToList()))
            .Where(d => d.Sources.Count > 0)
            .OrderBy(d => members.ToList().IndexOf(d.Member))
            .ToList();
        Running(drops.Select(d => d.Member).ToList(), $"partition {partition.Layout}");
        return new DropPlan(shell, drops, null);
    }

    /// <summary>The coordinator stops hearing the peers on the control network; the CLI, which reaches it through the published port, still does.</summary>
    private DropPlan SignalOutage(string chain, IReadOnlyList<MeshMember> targets)
    {
        var coordinator = Running(targets, "a signal outage").Single();
        return new DropPlan(shell, [new MemberDrops(coordinator, chain, Peers.Select(p => p.ControlIpOrThrow).ToList())], null);
    }

    private IReadOnlyList<MeshMember> DestinationsOf(LinkScope scope) =>
        scope.Destinations is { } selector ? selector.Select(PeerNames, random, Labels).Select(Member).ToList() : Peers;

    private IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Labels => members.ToDictionary(m => m.Name, m => m.Labels);

    private MeshMember Member(string name) =>
        members.FirstOrDefault(m => m.Name == name) ?? throw new InvalidOperationException($"this mesh has no {name}");

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
