using CMesh.Common.Contracts;

namespace CMesh.Coordinator;

/// <summary>
/// Builds GET /v1/mesh from the peers' last heartbeats: each node's freshness, and each link merged from what its
/// two ends reported, with its health. Ages reported by a peer are aged further by the time since its heartbeat.
/// </summary>
public static class MeshViewBuilder
{
    /// <param name="workloadStartedAt">When the workload started; links are judged for missing data only once every
    /// writer has had its first write due and passed on (the write interval plus the freshness bound after it).</param>
    public static MeshView Build(string runId, MeshPhase phase, TestPlan plan, DateTimeOffset? workloadStartedAt, IReadOnlyList<RegisteredPeer> peers, DateTimeOffset now)
    {
        var nodes = peers.Select(p => Node(p, plan, now)).ToList();
        var reports = peers
            .SelectMany(p => (p.Health?.Links ?? []).Where(l => l.State == LinkState.Open).Select(l => (Reporter: p, Link: l)))
            .GroupBy(r => string.CompareOrdinal(r.Reporter.PeerId, r.Link.Remote) < 0 ? (r.Reporter.PeerId, r.Link.Remote) : (r.Link.Remote, r.Reporter.PeerId));
        var quietLimitMs = WriterFreshness.AllowedAgeMs(plan.WriteIntervalMs, plan.FreshnessBoundMs);
        var dataExpected = phase == MeshPhase.Running && workloadStartedAt is { } start && now - start > TimeSpan.FromMilliseconds(quietLimitMs);
        var links = reports
            .Select(group => Link(group.Key, group.ToList(), plan.CoordinatorBeatIntervalMs, quietLimitMs, dataExpected, now))
            .OrderBy(l => l.A, StringComparer.Ordinal).ThenBy(l => l.B, StringComparer.Ordinal)
            .ToList();
        return new MeshView(
            runId, phase, now, workloadStartedAt, plan.Peers, plan.HeartbeatIntervalMs, plan.HeartbeatTimeoutMs, plan.WriteIntervalMs, plan.FreshnessBoundMs, nodes, links);
    }

    public static NodeFreshness Freshness(long heartbeatAgeMs, TestPlan plan) =>
        heartbeatAgeMs <= 2 * plan.CoordinatorBeatIntervalMs ? NodeFreshness.Fresh
        : heartbeatAgeMs <= plan.CoordinatorBeatTimeoutMs ? NodeFreshness.Late
        : NodeFreshness.Silent;

    private static MeshNode Node(RegisteredPeer peer, TestPlan plan, DateTimeOffset now)
    {
        var age = (long)(now - peer.LastHeartbeat).TotalMilliseconds;
        var health = peer.Health;
        var failing = (health?.Links ?? []).Where(l => l.State is LinkState.Failed or LinkState.Closed).ToList();
        return new MeshNode(
            peer.PeerId, peer.State, peer.DataEndpoint, peer.IntrospectionEndpoint ?? health?.IntrospectionEndpoint, Freshness(age, plan), age,
            health?.UptimeSeconds, peer.Written, peer.Delivered, health?.Links.Count(l => l.State == LinkState.Open) ?? 0,
            health?.Candidates ?? 0, Math.Round(peer.BytesInPerSecond, 1), Math.Round(peer.BytesOutPerSecond, 1), health?.CoordinatorRttMs,
            health?.Writers, failing);
    }

    /// <param name="beatIntervalMs">How often each end reports to the coordinator: a link one end reported is
    /// one-sided only once the other end has had two beats to report it too.</param>
    /// <param name="quietLimitMs">How long a link may carry no update while the workload runs.</param>
    private static MeshLink Link((string A, string B) ends, IReadOnlyList<(RegisteredPeer Reporter, LinkSnapshot Link)> reports, int beatIntervalMs, long quietLimitMs, bool dataExpected, DateTimeOffset now)
    {
        long? Aged(long? age, RegisteredPeer reporter) => age is { } a ? a + (long)(now - reporter.LastHeartbeat).TotalMilliseconds : null;
        var rtt = reports.Select(r => r.Link.RttMs).Max();
        var lastData = reports.Select(r => Aged(r.Link.LastDataAgeMs, r.Reporter)).Max();
        // An end that never received an update makes the link's last update "never".
        var lastUpdate = reports.Any(r => r.Link.LastUpdateAgeMs is null) ? null : reports.Select(r => Aged(r.Link.LastUpdateAgeMs, r.Reporter)).Max();
        var openLongEnough = reports.All(r => r.Link.StateAgeMs > quietLimitMs);
        var health =
            reports.Count == 1 && reports[0].Link.StateAgeMs > 2 * beatIntervalMs ? LinkHealth.OneSided
            : reports.Any(r => r.Link.Heartbeat == HeartbeatStatus.Late) ? LinkHealth.HeartbeatsLate
            : dataExpected && openLongEnough && (lastUpdate is null || lastUpdate > quietLimitMs) ? LinkHealth.NoData
            : LinkHealth.Healthy;
        return new MeshLink(
            ends.A, ends.B, health, rtt, lastData, lastUpdate, reports.Select(r => r.Reporter.PeerId).Order(StringComparer.Ordinal).ToList(), Gossip(reports));
    }

    /// <summary>A link either end pushes on carries pushes, so it is drawn as part of a writer's tree.</summary>
    private static GossipRole? Gossip(IReadOnlyList<(RegisteredPeer Reporter, LinkSnapshot Link)> reports)
    {
        var roles = reports.Select(r => r.Link.Gossip).OfType<GossipRole>().ToList();
        return roles.Count == 0 ? null : roles.Contains(GossipRole.Eager) ? GossipRole.Eager : GossipRole.Lazy;
    }
}
