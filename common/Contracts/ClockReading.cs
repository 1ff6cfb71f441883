namespace CMesh.Common.Contracts;

/// <summary>
/// GET /clock: the answering node's half of one NTP-style exchange, both times on its own wall clock in Unix µs
/// (t1 and t2 of <see cref="Clocks.ClockExchange"/>).
/// </summary>
public sealed record ClockReading(long ReceivedAtUnixUs, long SentAtUnixUs)
{
    public const string Path = "/clock";
}
