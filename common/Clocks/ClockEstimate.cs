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

    /// <summary>
    /// A clock measured through a relay: this is the relay's clock against ours, <paramref name="further"/> the
    /// node's against the relay's. Offsets add, and so do the bounds (each leg may be off by its own); the round trip
    /// is both legs', the samples the fewer of the two.
    /// </summary>
    public ClockEstimate Then(ClockEstimate further) =>
        new(OffsetUs + further.OffsetUs, ErrorBoundUs + further.ErrorBoundUs, RoundTripUs + further.RoundTripUs, Math.Min(Samples, further.Samples));
}
