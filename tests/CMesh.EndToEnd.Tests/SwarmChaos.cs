using System.Diagnostics;
using CMesh.Docker.Engine;

namespace CMesh.EndToEnd.Tests;

/// <summary>`cmesh chaos` on one swarm run, and its peers' task containers as each node's own engine shows them.</summary>
public sealed class SwarmChaos(string runId)
{
    public ResultFiles Results { get; } = new(runId);

    /// <summary>Starts `cmesh chaos …` on the run and waits until its fault is in force (its start row is in chaos.csv).</summary>
    public async Task<Process> StartAsync(params string[] arguments)
    {
        var before = Results.ChaosEvents().Count(r => r.Event == "start");
        var cli = Shell.StartCmesh(["chaos", .. arguments, "--run", runId]);
        await Eventually.TrueAsync(
            () => Results.ChaosEvents().Count(r => r.Event == "start") > before,
            TimeSpan.FromSeconds(90),
            $"`cmesh chaos {string.Join(' ', arguments)}` did not start its fault",
            cli,
            TimeSpan.FromMilliseconds(200));
        return cli;
    }

    /// <summary>Each running peer's task container: the node's hostname, its container, its process (a host pid here) and data address.</summary>
    public async Task<IReadOnlyList<PeerOnNode>> PeersAsync(IReadOnlyList<(SwarmNode Node, IDockerEngine Engine)> nodes, CancellationToken ct)
    {
        var peers = new List<PeerOnNode>();
        foreach (var (node, engine) in nodes)
        {
            foreach (var summary in await engine.Containers.ListAsync(new Dictionary<string, string> { ["cmesh.run"] = runId, ["cmesh.role"] = "peer" }, includeStopped: false, ct))
            {
                var container = await engine.Containers.InspectAsync(summary.Id, ct) ?? throw new InvalidOperationException($"{summary.Name} vanished");
                peers.Add(new PeerOnNode(container.Labels["cmesh.peer"], node.Hostname, container.Id, container.Pid, container.Networks[$"cmesh-{runId}-data"].IpAddress));
            }
        }

        return peers.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }
}

public sealed record PeerOnNode(string Name, string Node, string ContainerId, int Pid, string DataIp);
