using CMesh.Peer.Sync;

namespace CMesh.Peer.Workload;

/// <summary>
/// Writes one update with a random payload every interval until cancelled. Each peer starts at its own random
/// offset within the first interval: peers started at one instant would otherwise all write in the same
/// millisecond every interval, and the mesh would measure its own bursts rather than the network.
/// </summary>
public sealed class UpdateWriter(Replicator replicator, int payloadBytes, TimeSpan interval)
{
    public async Task RunAsync(CancellationToken ct)
    {
        await Task.Delay(interval * Random.Shared.NextDouble(), ct);
        using var timer = new PeriodicTimer(interval);
        do
        {
            var payload = new byte[payloadBytes];
            Random.Shared.NextBytes(payload);
            replicator.WriteLocal(payload);
        }
        while (await timer.WaitForNextTickAsync(ct));
    }
}
