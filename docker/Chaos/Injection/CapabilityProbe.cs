using CMesh.Chaos.Mechanisms;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Finds which kernel features the Docker host has by trying each on the loopback device of a throwaway container
/// with its own empty network namespace (network none): no traffic leaves it, and nothing it adds outlives it.
/// </summary>
public sealed class CapabilityProbe(IDockerEngine engine, string runId, string image, TimeProvider clock)
{
    public const string ProbeRole = "chaos-probe";

    private static readonly (KernelFeature Feature, string Script)[] Trials =
    [
        (KernelFeature.Netem, "tc qdisc add dev lo root handle 1: netem delay 1ms && tc qdisc del dev lo root"),
        (KernelFeature.Tbf, "tc qdisc add dev lo root handle 1: tbf rate 1mbit burst 4096 latency 50ms && tc qdisc del dev lo root"),
        (KernelFeature.PerDestination,
            "tc qdisc add dev lo root handle 1: htb default 1 && tc class add dev lo parent 1: classid 1:1 htb rate 1gbit && " +
            "tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip dst 127.0.0.1/32 flowid 1:1 && tc qdisc del dev lo root"),
        (KernelFeature.Ingress,
            "ip link add cmesh-ifb type ifb && tc qdisc add dev lo handle ffff: ingress && " +
            "tc filter add dev lo parent ffff: protocol ip u32 match u32 0 0 action mirred egress redirect dev cmesh-ifb && " +
            "tc qdisc del dev lo ingress && ip link del cmesh-ifb"),
        (KernelFeature.Nftables, "nft add table inet cmesh_probe && nft delete table inet cmesh_probe"),
    ];

    /// <summary>What every node's kernel can do: a feature one node lacks is missing for the run, since a fault may land on any node.</summary>
    public static async Task<KernelCapabilities> ProbeNodesAsync(IReadOnlyList<IDockerEngine> nodes, string runId, string image, TimeProvider clock, CancellationToken ct)
    {
        IReadOnlySet<KernelFeature>? common = null;
        foreach (var node in nodes)
        {
            var found = (await new CapabilityProbe(node, runId, image, clock).ProbeAsync(ct)).Present;
            common = common is null ? found : common.Intersect(found).ToHashSet();
        }

        return new KernelCapabilities(common ?? new HashSet<KernelFeature>());
    }

    public async Task<KernelCapabilities> ProbeAsync(CancellationToken ct)
    {
        var script = string.Join('\n', Trials.Select(t => $"if {{ {t.Script}; }} >/dev/null 2>&1; then echo {t.Feature}; fi"));
        var printed = await OneShotContainer.RunAsync(
            engine,
            new ContainerSpec
            {
                Name = RunId.ContainerName(runId, "chaos-probe"),
                Image = image,
                Command = ["sh", "-c", script],
                Labels = new Dictionary<string, string>(MeshLabels.ForRun(runId)) { [MeshLabels.Role] = ProbeRole },
                NetworkMode = "none",
                CapDrop = ["ALL"],
                CapAdd = ["NET_ADMIN"],
            },
            clock,
            ct);
        var present = new HashSet<KernelFeature>();
        foreach (var line in printed)
        {
            if (Enum.TryParse<KernelFeature>(line, out var feature))
            {
                present.Add(feature);
            }
        }

        return new KernelCapabilities(present);
    }
}
