using System.Collections.Frozen;
using CMesh.Introspection.Events;
using CMesh.Introspection.Metrics;

namespace CMesh.Coordinator;

/// <summary>The coordinator's counters, request latencies and event stream.</summary>
public sealed class CoordinatorTelemetry
{
    private static readonly string[] Routes = ["register", "heartbeat", "discovery", "status", "mesh", "chaos", "peer-state", "introspection", "other"];

    private readonly FrozenDictionary<string, Histogram> _requestDurations = Routes.ToFrozenDictionary(r => r, _ => new Histogram());
    private long _registrations;
    private long _refused;
    private long _discoveries;

    public EventHub Events { get; } = new();

    public long Registrations => Interlocked.Read(ref _registrations);

    public long RegistrationsRefused => Interlocked.Read(ref _refused);

    public long Discoveries => Interlocked.Read(ref _discoveries);

    public IEnumerable<(string Route, HistogramSnapshot Durations)> RequestDurations => Routes.Select(r => (r, _requestDurations[r].Snapshot()));

    public void Registered() => Interlocked.Increment(ref _registrations);

    public void Refused() => Interlocked.Increment(ref _refused);

    public void Discovered() => Interlocked.Increment(ref _discoveries);

    public void Served(string path, TimeSpan duration) => _requestDurations[Route(path)].ObserveMicros((long)duration.TotalMicroseconds);

    private static string Route(string path) =>
        path.StartsWith("/v1/register", StringComparison.Ordinal) ? "register"
        : path.StartsWith("/v1/peers/", StringComparison.Ordinal) && path.EndsWith("/heartbeat", StringComparison.Ordinal) ? "heartbeat"
        : path.StartsWith("/v1/peers/", StringComparison.Ordinal) && path.EndsWith("/state", StringComparison.Ordinal) ? "peer-state"
        : path.StartsWith("/v1/discovery", StringComparison.Ordinal) ? "discovery"
        : path.StartsWith("/v1/status", StringComparison.Ordinal) ? "status"
        : path.StartsWith("/v1/mesh", StringComparison.Ordinal) ? "mesh"
        : path.StartsWith("/v1/chaos", StringComparison.Ordinal) ? "chaos"
        : path is "/state" or "/metrics" or "/events" ? "introspection"
        : "other";
}
