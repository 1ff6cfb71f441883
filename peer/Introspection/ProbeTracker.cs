using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Introspection;

/// <summary>
/// Probes are ordinary updates whose payload starts with a marker, so they take the real data path; each peer keeps
/// when and through which neighbour the last few probes reached it, for `cmesh diagnose A B` to follow.
/// </summary>
public sealed class ProbeTracker(string peerId, PeerTelemetry telemetry)
{
    private const int Kept = 64;
    private static readonly byte[] Marker = "cmesh-probe:"u8.ToArray();

    private readonly ConcurrentDictionary<string, ProbeSighting> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>A span comparison that fails on the first byte for a random workload payload.</summary>
    public static bool IsProbe(byte[] payload) => payload.AsSpan().StartsWith(Marker);

    public static byte[] NewPayload(out string probeId)
    {
        probeId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return [.. Marker, .. Encoding.ASCII.GetBytes(probeId)];
    }

    public ProbeSighting? Find(string probeId) => _seen.GetValueOrDefault(probeId);

    public ProbeWritten Wrote(string probeId, Update update)
    {
        Keep(new ProbeSighting(probeId, peerId, update.WrittenAtMicros, update.WrittenAtMicros, null, 0, null));
        return new ProbeWritten(probeId, update.Writer, update.Sequence, update.WrittenAtMicros);
    }

    /// <param name="linkRttMicros">The last round trip of the link it came through; -1 before the first.</param>
    public void Received(Update update, string fromPeer, long receivedAtMicros, long linkRttMicros)
    {
        var probeId = Encoding.ASCII.GetString(update.Payload.AsSpan(Marker.Length));
        var sighting = new ProbeSighting(
            probeId, peerId, update.WrittenAtMicros, receivedAtMicros, fromPeer, update.Hops, linkRttMicros < 0 ? null : linkRttMicros / 1000.0);
        Keep(sighting);
        telemetry.ProbeSeen(sighting);
    }

    private void Keep(ProbeSighting sighting)
    {
        if (_seen.TryAdd(sighting.ProbeId, sighting))
        {
            _order.Enqueue(sighting.ProbeId);
        }

        while (_order.Count > Kept && _order.TryDequeue(out var oldest))
        {
            _seen.TryRemove(oldest, out _);
        }
    }
}
