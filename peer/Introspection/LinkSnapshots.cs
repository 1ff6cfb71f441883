using CMesh.Common.Contracts;
using CMesh.Peer.Network;

namespace CMesh.Peer.Introspection;

/// <summary>An open link as GET /state and the heartbeat show it.</summary>
public static class LinkSnapshots
{
    /// <summary>
    /// The heartbeat is on time while the remote was heard within three intervals (a busy remote that sent a frame just
    /// after a beat skips the next ping, so its frames may come two intervals apart; one more of slack) and a round trip
    /// was taken within one interval more than a busy link's pings are apart (<see cref="PeerLink.BeatsPerRoundTrip"/>).
    /// </summary>
    /// <param name="gossip">The link's part in the gossip, as the gossip tells it.</param>
    public static LinkSnapshot Of(PeerLink link, TimeSpan heartbeatInterval, GossipRole? gossip)
    {
        var counters = link.Statistics.Snapshot();
        var sinceRtt = link.SinceLastRtt;
        var heartbeat = sinceRtt is { } age
            ? age <= (PeerLink.BeatsPerRoundTrip + 1) * heartbeatInterval && link.SinceLastReceived <= 3 * heartbeatInterval ? HeartbeatStatus.Ok : HeartbeatStatus.Late
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
