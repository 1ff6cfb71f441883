using CMesh.Common.Contracts;
using CMesh.Introspection.Metrics;

namespace CMesh.Coordinator;

/// <summary>GET /metrics of the coordinator: its own work, and the mesh as the peers' heartbeats describe it.</summary>
public static class CoordinatorMetrics
{
    public static void Write(PrometheusText text, CoordinatorContext context, MeshView mesh)
    {
        var telemetry = context.Telemetry;
        text.Family("cmesh_coordinator_info", MetricType.Gauge, "Identity of the coordinator: always 1.").Sample(1, ("run", context.RunId), ("swarm", context.Swarm.Id));
        text.Family("cmesh_coordinator_uptime_seconds", MetricType.Gauge, "Seconds since the coordinator started.")
            .Sample(Math.Round((context.Clock.GetUtcNow() - context.StartedAt).TotalSeconds, 3));
        text.Family("cmesh_coordinator_phase", MetricType.Gauge, "1 for the mesh's phase, 0 for the others.");
        foreach (var phase in Enum.GetValues<MeshPhase>())
        {
            text.Sample(phase == mesh.Phase ? 1 : 0, ("phase", Name(phase)));
        }

        text.Family("cmesh_coordinator_expected_peers", MetricType.Gauge, "Peers the plan expects.").Sample(mesh.ExpectedPeers);
        text.Family("cmesh_coordinator_registrations_total", MetricType.Counter, "Registrations, accepted or refused (wrong swarm key).")
            .Sample(telemetry.Registrations, ("result", "accepted"))
            .Sample(telemetry.RegistrationsRefused, ("result", "refused"));
        text.Family("cmesh_coordinator_heartbeats_total", MetricType.Counter, "Peer heartbeats received.").Sample(context.Registry.Heartbeats);
        text.Family("cmesh_coordinator_discoveries_total", MetricType.Counter, "Discovery requests answered.").Sample(telemetry.Discoveries);
        text.Family("cmesh_coordinator_request_duration_seconds", MetricType.Histogram, "Time to serve a request, by route.");
        foreach (var (route, durations) in telemetry.RequestDurations)
        {
            text.Histogram(durations, ("route", route));
        }

        text.Family("cmesh_mesh_peers", MetricType.Gauge, "Registered peers by state.");
        foreach (var state in Enum.GetValues<PeerState>())
        {
            text.Sample(mesh.Nodes.Count(n => n.State == state), ("state", Name(state)));
        }

        text.Family("cmesh_mesh_peers_by_freshness", MetricType.Gauge, "Registered peers by how recently they sent a heartbeat.");
        foreach (var freshness in Enum.GetValues<NodeFreshness>())
        {
            text.Sample(mesh.Nodes.Count(n => n.Freshness == freshness), ("freshness", Name(freshness)));
        }

        text.Family("cmesh_mesh_links", MetricType.Gauge, "Links between peers by health.");
        foreach (var health in Enum.GetValues<LinkHealth>())
        {
            text.Sample(mesh.Links.Count(l => l.Health == health), ("health", Name(health)));
        }

        text.Family("cmesh_mesh_peer_heartbeat_age_seconds", MetricType.Gauge, "Seconds since each peer's last heartbeat.");
        foreach (var node in mesh.Nodes)
        {
            text.Sample(node.HeartbeatAgeMs / 1000.0, ("peer", node.PeerId));
        }
    }

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
