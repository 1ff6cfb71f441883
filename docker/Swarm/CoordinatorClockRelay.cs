using CMesh.Common.Clocks;
using CMesh.Docker.Coordinator;

namespace CMesh.Docker.Swarm;

/// <summary>Both legs through the coordinator's API: its own GET /clock, and its measurement of a peer's.</summary>
public sealed class CoordinatorClockRelay(CoordinatorApi coordinator, TimeProvider clock, ClockSampling? sampling = null) : IClockRelay
{
    public Task<ClockEstimate> CoordinatorAsync(CancellationToken ct) => coordinator.ClockAsync(clock, sampling, ct);

    public Task<ClockEstimate> PeerAsync(string peerId, CancellationToken ct) => coordinator.PeerClockAsync(peerId, ct);
}
