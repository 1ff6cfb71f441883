using CMesh.Common;
using CMesh.Common.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Clocks;

/// <summary>
/// A node whose clock runs <paramref name="offsetUs"/> ahead of the client's fake clock, at the end of a network
/// whose delays the test sets per exchange: each exchange moves the client's clock by the request's way out, the
/// server's handling and the answer's way back.
/// </summary>
internal sealed class FakeClockServer(FakeTimeProvider client, long offsetUs)
{
    private readonly Queue<(long OutUs, long HandlingUs, long BackUs)> _delays = new();

    public int Exchanges => StartedAt.Count;

    /// <summary>When each exchange began, on the client's clock.</summary>
    public List<DateTimeOffset> StartedAt { get; } = [];

    public FakeClockServer Then(long outUs, long handlingUs, long backUs)
    {
        _delays.Enqueue((outUs, handlingUs, backUs));
        return this;
    }

    public Task<ClockReading> ExchangeAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        StartedAt.Add(client.GetUtcNow());
        var (outUs, handlingUs, backUs) = _delays.Dequeue();
        client.Advance(TimeSpan.FromMicroseconds(outUs));
        var received = ServerNow();
        client.Advance(TimeSpan.FromMicroseconds(handlingUs));
        var sent = ServerNow();
        client.Advance(TimeSpan.FromMicroseconds(backUs));
        return Task.FromResult(new ClockReading(received, sent));
    }

    private long ServerNow() => UnixTime.ToMicros(client.GetUtcNow().UtcDateTime) + offsetUs;
}
