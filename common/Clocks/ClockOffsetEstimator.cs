using CMesh.Common.Contracts;

namespace CMesh.Common.Clocks;

/// <summary>
/// Measures another node's clock against <paramref name="clock"/> NTP-style: several exchanges, of which the one
/// with the shortest round trip is kept (the least time for queues and scheduling to make the two ways unequal).
/// </summary>
public sealed class ClockOffsetEstimator(TimeProvider clock, ClockSampling? sampling = null)
{
    public ClockSampling Sampling { get; } = sampling ?? ClockSampling.Default;

    /// <param name="exchange">Asks the other node for its reading once (one request, one answer).</param>
    /// <exception cref="InvalidOperationException">No exchange was usable: each one's clocks ran backwards.</exception>
    public async Task<ClockEstimate> EstimateAsync(Func<CancellationToken, Task<ClockReading>> exchange, CancellationToken ct)
    {
        ClockExchange? best = null;
        for (var i = 0; i < Sampling.Samples; i++)
        {
            if (i > 0)
            {
                await Task.Delay(Sampling.Spacing, clock, ct);
            }

            var sample = await ExchangeAsync(exchange, ct);
            if (sample.RoundTripUs >= 0 && sample.T2 >= sample.T1 && (best is null || sample.RoundTripUs < best.Value.RoundTripUs))
            {
                best = sample;
            }
        }

        return best is { } kept
            ? ClockEstimate.From(kept, Sampling.Samples)
            : throw new InvalidOperationException($"none of {Sampling.Samples} clock exchanges was usable: the server's answer took longer by its clock than the round trip by ours");
    }

    /// <summary>t3 is t0 plus the elapsed monotonic time, so a step of the wall clock mid-exchange cannot bend the round trip.</summary>
    private async Task<ClockExchange> ExchangeAsync(Func<CancellationToken, Task<ClockReading>> exchange, CancellationToken ct)
    {
        var t0 = UnixTime.ToMicros(clock.GetUtcNow().UtcDateTime);
        var started = clock.GetTimestamp();
        var reading = await exchange(ct);
        var t3 = t0 + (long)clock.GetElapsedTime(started).TotalMicroseconds;
        return new ClockExchange(t0, reading.ReceivedAtUnixUs, reading.SentAtUnixUs, t3);
    }
}
