namespace CMesh.Common.Clocks;

/// <summary>
/// A node's clock against the measuring one: <see cref="OffsetUs"/> is node clock minus measuring clock, within
/// ± <see cref="ErrorBoundUs"/>, taken from the exchange with the shortest round trip of <see cref="Samples"/>.
/// </summary>
public sealed record ClockEstimate(long OffsetUs, long ErrorBoundUs, long RoundTripUs, int Samples)
{
    /// <summary>
    /// The server read its clock at some moment between the client's t0 and t3, however the round trip split
    /// between the two ways; the offset assumes it split evenly, so it is off by at most half the round trip.
    /// </summary>
    public static ClockEstimate From(ClockExchange best, int samples) =>
        new(best.OffsetUs, (best.RoundTripUs + 1) / 2, best.RoundTripUs, samples);
}
