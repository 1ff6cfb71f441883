using CMesh.Common.Clocks;

namespace CMesh.Docker.Swarm;

/// <summary>
/// The two legs by which the CLI measures a swarm node's clock: the CLI reaches the coordinator (its published port),
/// and only the coordinator reaches the peers (the control network).
/// </summary>
public interface IClockRelay
{
    /// <summary>The coordinator's clock against the CLI's.</summary>
    Task<ClockEstimate> CoordinatorAsync(CancellationToken ct);

    /// <summary>A peer's clock against the coordinator's.</summary>
    /// <exception cref="HttpRequestException">It could not be measured; the message says why.</exception>
    Task<ClockEstimate> PeerAsync(string peerId, CancellationToken ct);
}
