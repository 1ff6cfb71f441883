using CMesh.Common.Contracts;
using CMesh.Peer.Network;

namespace CMesh.Peer.Introspection;

/// <summary>An open link as GET /state and the heartbeat show it.</summary>
public static class LinkSnapshots
{
    /// <summary>A round trip taken within two heartbeat intervals is on time: one interval between the remote's heartbeats, one of slack.</summary>
    /// <param name="gossip">The link's part in the gossip, as the gossip tells it.</param>
    public static LinkSnapshot Of(PeerLink link, TimeSpan heartbeatInterval, GossipRole? gossip)
    {
        var counters = link.Statistics.Snapshot();
        var sinceRtt = link.SinceLastRtt;
        var heartbeat = sinceRtt is { } age
            ? age <= 2 * heartbeatInterval ? HeartbeatStatus.Ok : HeartbeatStatus.Late
            : link.OpenFor <= 2 * heartbeatInterval ? HeartbeatStatus.Pending : HeartbeatStatus.Late;
        return new LinkSnapshot(
            link.RemotePeerId,
            LinkState.Open,
            link.Direction == LinkDirection.Outbound ? "out" : "in",
            RttMs: link.LastRttMicros >= 0 ? link.LastRttMicros / 1000.0 : null,
            Heartbeat: heartbeat,
            LastHeartbeatAgeMs: Millis(sinceRtt),
            LastDataAgeMs: Millis(link.SinceLastReceived),
            LastUpdateAgeMs: Millis(link.SinceLastUpdate),
            StateAgeMs: Millis(link.OpenFor),
            BytesIn: counters.BytesIn,
            BytesOut: counters.BytesOut,
            MessagesIn: counters.FramesIn,
            MessagesOut: counters.FramesOut,
            UpdatesIn: counters.UpdatesIn,
            OutboxFrames: link.OutboxFrames,
            Gossip: gossip);
    }

    private static long? Millis(TimeSpan? span) => span is { } value ? (long)value.TotalMilliseconds : null;
}
