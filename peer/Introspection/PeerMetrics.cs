using CMesh.Common.Contracts;
using CMesh.Introspection.Metrics;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Introspection;

/// <summary>
/// GET /metrics of a peer. The peer's identity is a label of cmesh_peer_info only: Prometheus attaches the target's
/// own labels (the scrape config names each peer) to every sample.
/// </summary>
public static class PeerMetrics
{
    public static void Write(PrometheusText text, PeerView view, string peerId, string runId)
    {
        var snapshot = view.Snapshot();
        var telemetry = view.Telemetry;
        var open = snapshot.Links.Where(l => l.State == LinkState.Open).ToList();

        text.Family("cmesh_peer_info", MetricType.Gauge, "Identity of the peer: always 1.").Sample(1, ("peer", peerId), ("run", runId));
        text.Family("cmesh_peer_uptime_seconds", MetricType.Gauge, "Seconds since the peer process started.").Sample(snapshot.UptimeSeconds);
        text.Family("cmesh_peer_state", MetricType.Gauge, "1 for the state the peer is in, 0 for the others.");
        foreach (var state in Enum.GetValues<PeerState>())
        {
            text.Sample(state == snapshot.State ? 1 : 0, ("state", Name(state)));
        }

        var coordinator = snapshot.Coordinator;
        text.Family("cmesh_peer_coordinator_up", MetricType.Gauge, "1 while the coordinator answers heartbeats in time.")
            .Sample(coordinator.State == CoordinatorLinkState.Responding ? 1 : 0);
        text.Family("cmesh_peer_coordinator_consecutive_failures", MetricType.Gauge, "Coordinator requests failed in a row.")
            .Sample(coordinator.ConsecutiveFailures);
        text.Family("cmesh_peer_coordinator_rtt_seconds", MetricType.Histogram, "Round trip of answered coordinator requests.")
            .Histogram(telemetry.CoordinatorRoundTrip.Snapshot());

        text.Family("cmesh_peer_links", MetricType.Gauge, "Links by state (failed and closed: the most recent few).");
        foreach (var state in Enum.GetValues<LinkState>())
        {
            text.Sample(snapshot.Links.Count(l => l.State == state), ("state", Name(state)));
        }

        text.Family("cmesh_peer_candidates", MetricType.Gauge, "Known peers this peer has no link with.").Sample(snapshot.Queues.Candidates);
        text.Family("cmesh_peer_link_events_total", MetricType.Counter, "Connection events, as in links.csv.");
        foreach (var (eventName, count) in telemetry.LinkEventCounts)
        {
            text.Sample(count, ("event", eventName));
        }

        var traffic = telemetry.Traffic;
        text.Family("cmesh_peer_received_bytes_total", MetricType.Counter, "Bytes received on all links (whole frames), counted each second.").Sample(traffic.BytesIn);
        text.Family("cmesh_peer_sent_bytes_total", MetricType.Counter, "Bytes sent on all links (whole frames), counted each second.").Sample(traffic.BytesOut);
        text.Family("cmesh_peer_received_payload_bytes_total", MetricType.Counter, "Application payload bytes received, counted each second.").Sample(traffic.PayloadIn);
        text.Family("cmesh_peer_sent_payload_bytes_total", MetricType.Counter, "Application payload bytes sent, counted each second.").Sample(traffic.PayloadOut);
        text.Family("cmesh_peer_link_rtt_seconds", MetricType.Histogram, "Heartbeat round trips of all links, sampled each second.")
            .Histogram(telemetry.LinkRoundTrip.Snapshot());

        text.Family("cmesh_peer_fault_active", MetricType.Gauge, "1 while an in-app fault injected by cmesh chaos is on.")
            .Sample(view.UpdateDrop.On ? 1 : 0, ("fault", InAppFaults.DropUpdates));
        text.Family("cmesh_peer_updates_dropped_total", MetricType.Counter, "Update frames not sent (one per update and link) because drop-updates was on.").Sample(view.UpdateDrop.Dropped);
        text.Family("cmesh_peer_updates_written_total", MetricType.Counter, "Updates this peer wrote.").Sample(telemetry.Written);
        text.Family("cmesh_peer_updates_delivered_total", MetricType.Counter, "First deliveries of other writers' updates, by how they came (deliveries.csv's via).");
        foreach (var (via, count) in telemetry.DeliveredVia)
        {
            text.Sample(count, ("via", via));
        }

        text.Family("cmesh_peer_delivery_latency_seconds", MetricType.Histogram, "From an update's write on its writer to its first delivery here.")
            .Histogram(telemetry.DeliveryLatency.Snapshot());
        text.Family("cmesh_peer_resync_duration_seconds", MetricType.Histogram, "From a link opening until this peer held everything the other end held.")
            .Histogram(telemetry.ResyncDuration.Snapshot());
        text.Family("cmesh_peer_probes_seen_total", MetricType.Counter, "Probe updates (cmesh diagnose) that reached this peer.").Sample(telemetry.ProbesSeen);

        if (view.Parts is PeerParts { Replicator.Gossip: LazyPushGossip gossip })
        {
            Gossip(text, gossip.Figures());
        }

        var store = snapshot.Store;
        text.Family("cmesh_peer_store_updates", MetricType.Gauge, "Updates held, up to each writer's watermark.").Sample(store.Updates);
        text.Family("cmesh_peer_writers_expected", MetricType.Gauge, "Other writers of the plan.").Sample(store.Freshness?.WritersExpected ?? 0);
        text.Family("cmesh_peer_writers_fresh", MetricType.Gauge, "Other writers of whom this peer holds an update written within the write interval plus the freshness bound.")
            .Sample(store.Freshness?.WritersFresh ?? 0);
        text.Family("cmesh_peer_worst_staleness_seconds", MetricType.Gauge, "Age of the newest update held from the stalest writer; -1 before any.")
            .Sample(store.Freshness is { WorstStalenessMs: >= 0 } freshness ? freshness.WorstStalenessMs / 1000.0 : -1);
        text.Family("cmesh_peer_outbox_frames", MetricType.Gauge, "Frames queued to send, all links.").Sample(snapshot.Queues.OutboxFrames);
        text.Family("cmesh_peer_resyncs_open", MetricType.Gauge, "Resync episodes waiting for missing updates.").Sample(snapshot.Queues.ResyncsOpen);

        PerLink(text, open, "cmesh_link_received_bytes_total", MetricType.Counter, "Bytes received on the link since it opened.", l => l.BytesIn);
        PerLink(text, open, "cmesh_link_sent_bytes_total", MetricType.Counter, "Bytes sent on the link since it opened.", l => l.BytesOut);
        PerLink(text, open, "cmesh_link_received_messages_total", MetricType.Counter, "Frames received on the link since it opened.", l => l.MessagesIn);
        PerLink(text, open, "cmesh_link_sent_messages_total", MetricType.Counter, "Frames sent on the link since it opened.", l => l.MessagesOut);
        PerLink(text, open, "cmesh_link_rtt_seconds", MetricType.Gauge, "Last heartbeat round trip of the link; -1 before the first.", l => l.RttMs is { } rtt ? rtt / 1000 : -1);
        PerLink(text, open, "cmesh_link_last_receive_age_seconds", MetricType.Gauge, "Seconds since anything arrived on the link.", l => (l.LastDataAgeMs ?? 0) / 1000.0);
        PerLink(text, open, "cmesh_link_last_update_age_seconds", MetricType.Gauge, "Seconds since an update arrived on the link; -1 before the first.",
            l => l.LastUpdateAgeMs is { } age ? age / 1000.0 : -1);
        PerLink(text, open, "cmesh_link_outbox_frames", MetricType.Gauge, "Frames queued to send on the link.", l => l.OutboxFrames);
        RuntimeMetrics.Write(text);
    }

    private static void Gossip(PrometheusText text, GossipFigures figures)
    {
        text.Family("cmesh_peer_gossip_eager_links", MetricType.Gauge, "Links of lazy-push gossip that push the new updates of at least one writer (they belong to its tree); the others only announce.")
            .Sample(figures.EagerLinks);
        text.Family("cmesh_peer_gossip_grafts_total", MetricType.Counter, "GRAFT frames sent: announced updates asked for because no push brought them in time, and announcers that replaced a parent.")
            .Sample(figures.GraftsSent);
        text.Family("cmesh_peer_gossip_fetches_total", MetricType.Counter, "FETCH frames sent: announced updates asked for because their push was late, the tree left as it was.")
            .Sample(figures.FetchesSent);
        text.Family("cmesh_peer_gossip_prunes_total", MetricType.Counter, "PRUNE frames sent: pushes of updates already held, whose links turned lazy.")
            .Sample(figures.PrunesSent);
    }

    private static void PerLink(PrometheusText text, IReadOnlyList<LinkSnapshot> open, string name, MetricType type, string help, Func<LinkSnapshot, double> value)
    {
        text.Family(name, type, help);
        foreach (var link in open)
        {
            text.Sample(value(link), ("remote", link.Remote), ("direction", link.Direction ?? ""));
        }
    }

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
