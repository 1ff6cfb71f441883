namespace CMesh.Common.Clocks;

/// <summary>
/// One NTP-style exchange, in Unix µs: <see cref="T0"/> the client sent its request and <see cref="T3"/> it had the
/// answer (client clock); <see cref="T1"/> the server received the request and <see cref="T2"/> sent its answer
/// (server clock).
/// </summary>
public readonly record struct ClockExchange(long T0, long T1, long T2, long T3)
{
    /// <summary>Server clock minus client clock, exact when the request and the answer took as long as each other.</summary>
    public long OffsetUs => ((T1 - T0) + (T2 - T3)) / 2;

    /// <summary>Time on the network both ways: the client's wait less the server's own handling.</summary>
    public long RoundTripUs => (T3 - T0) - (T2 - T1);
}
