using CMesh.Common.Records;
using CMesh.Docker.Engine;

namespace CMesh.EndToEnd.Tests;

/// <summary>What every swarm run must show from outside: each update in each other peer's records, and nothing of it left on any node.</summary>
public static class SwarmRunChecks
{
    /// <param name="killedReaders">Peers a SIGKILL hit: their last 250 ms of delivery lines may be lost with the process, so they are not checked as readers (check their state digest).</param>
    public static void EveryUpdateDelivered(ResultFiles results, int peerCount, int minimumWrites, IReadOnlyList<string>? killedReaders = null)
    {
        var peers = Enumerable.Range(1, peerCount).Select(i => $"peer-{i}").ToList();
        foreach (var reader in peers.Except(killedReaders ?? []))
        {
            var deliveries = results.Records<DeliveryRecord>(reader);
            foreach (var writer in peers.Where(p => p != reader))
            {
                var written = results.Records<WriteRecord>(writer).Count;
                var received = deliveries.Where(r => r.Writer == writer).Select(r => r.Seq).Distinct().Count();
                Assert.True(written >= minimumWrites, $"{writer} wrote only {written} updates");
                Assert.True(received == written, $"{reader} received {received} of the {written} updates {writer} wrote");
            }
        }
    }

    /// <summary>No service (the manager's list), container or network (each node's own engine) of the run.</summary>
    public static async Task NothingLeftAsync(LocalSwarm swarm, string runId, CancellationToken ct)
    {
        var labels = new Dictionary<string, string> { ["cmesh.run"] = runId };
        Assert.Empty(await swarm.Manager.Swarm.ListServicesAsync(labels, ct));
        foreach (var (node, engine) in await swarm.NodeEnginesAsync(ct))
        {
            Assert.True((await engine.Containers.ListAsync(labels, includeStopped: true, ct)).Count == 0, $"containers of the run left on {node.Hostname}");
            Assert.True((await engine.Networks.ListAsync(labels, ct)).Count == 0, $"networks of the run left on {node.Hostname}");
        }
    }
}
