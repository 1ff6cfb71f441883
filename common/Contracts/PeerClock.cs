using CMesh.Common.Clocks;

namespace CMesh.Common.Contracts;

/// <summary>
/// GET /v1/peers/{peerId}/clock: the coordinator's measurement of a peer's clock against its own, made NTP-style on
/// the control network (the peer's GET /clock), which a CLI that reaches only the coordinator cannot make itself.
/// </summary>
/// <param name="OffsetUs">Peer clock minus coordinator clock, within ± <paramref name="ErrorBoundUs"/>.</param>
public sealed record PeerClock(string PeerId, long OffsetUs, long ErrorBoundUs, long RoundTripUs, int Samples)
{
    public static string Path(string peerId) => $"/v1/peers/{Uri.EscapeDataString(peerId)}/clock";

    public static PeerClock From(string peerId, ClockEstimate estimate) =>
        new(peerId, estimate.OffsetUs, estimate.ErrorBoundUs, estimate.RoundTripUs, estimate.Samples);

    public ClockEstimate Estimate => new(OffsetUs, ErrorBoundUs, RoundTripUs, Samples);
}
