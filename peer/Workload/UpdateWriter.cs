using CMesh.Peer.Sync;

namespace CMesh.Peer.Workload;

/// <summary>Writes one update with a random payload every interval until cancelled.</summary>
public sealed class UpdateWriter(UpdateFlood flood, int payloadBytes, TimeSpan interval)
{
    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            var payload = new byte[payloadBytes];
            Random.Shared.NextBytes(payload);
            flood.WriteLocal(payload);
        }
        while (await timer.WaitForNextTickAsync(ct));
    }
}
