using CMesh.Common.Clocks;
using CMesh.Common.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Clocks;

public sealed class ClockOffsetEstimatorTests
{
    private static readonly ClockSampling Back2Back = new(3, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void One_exchange_gives_offset_and_round_trip_by_the_ntp_formulas()
    {
        var exchange = new ClockExchange(T0: 1_000, T1: 6_300, T2: 6_400, T3: 1_900);

        Assert.Equal(((6_300 - 1_000) + (6_400 - 1_900)) / 2, exchange.OffsetUs);
        Assert.Equal((1_900 - 1_000) - (6_400 - 6_300), exchange.RoundTripUs);
    }

    [Theory]
    [InlineData(250_000)]
    [InlineData(-3_600_000_000)]
    [InlineData(0)]
    public async Task Equal_delays_both_ways_give_the_exact_offset_whatever_the_server_takes_to_answer(long offsetUs)
    {
        var server = new FakeClockServer(_clock, offsetUs).Then(400, 5_000, 400).Then(700, 20, 700).Then(300, 900, 300);

        var estimate = await new ClockOffsetEstimator(_clock, Back2Back).EstimateAsync(server.ExchangeAsync, CancellationToken.None);

        Assert.Equal(offsetUs, estimate.OffsetUs);
        Assert.Equal(600, estimate.RoundTripUs);
        Assert.Equal(300, estimate.ErrorBoundUs);
        Assert.Equal(3, estimate.Samples);
    }

    [Theory]
    [InlineData(250_000, 100, 900)]
    [InlineData(250_000, 900, 100)]
    [InlineData(-42_000, 1, 4_999)]
    [InlineData(-42_000, 5_000, 0)]
    public async Task Unequal_delays_move_the_offset_by_half_their_difference_which_the_bound_covers(long offsetUs, long outUs, long backUs)
    {
        var server = new FakeClockServer(_clock, offsetUs).Then(outUs, 50, backUs);

        var estimate = await new ClockOffsetEstimator(_clock, new ClockSampling(1, TimeSpan.Zero)).EstimateAsync(server.ExchangeAsync, CancellationToken.None);

        Assert.Equal(offsetUs + ((outUs - backUs) / 2), estimate.OffsetUs);
        Assert.Equal(outUs + backUs, estimate.RoundTripUs);
        Assert.InRange(offsetUs, estimate.OffsetUs - estimate.ErrorBoundUs, estimate.OffsetUs + estimate.ErrorBoundUs);
    }

    [Fact]
    public async Task Of_several_exchanges_the_one_with_the_lowest_round_trip_is_kept_even_when_a_slower_one_was_closer_by_luck()
    {
        const long offsetUs = 1_000_000;
        var server = new FakeClockServer(_clock, offsetUs)
            .Then(8_000, 10, 8_000)
            .Then(1_000, 10, 3_000)
            .Then(30_000, 10, 2_000)
            .Then(5_000, 10, 5_000);

        var estimate = await new ClockOffsetEstimator(_clock, new ClockSampling(4, TimeSpan.Zero)).EstimateAsync(server.ExchangeAsync, CancellationToken.None);

        Assert.Equal(4_000, estimate.RoundTripUs);
        Assert.Equal(offsetUs - 1_000, estimate.OffsetUs);
        Assert.Equal(2_000, estimate.ErrorBoundUs);
        Assert.Equal(4, server.Exchanges);
    }

    [Fact]
    public async Task Exchanges_are_spaced_on_the_given_clock()
    {
        var server = new FakeClockServer(_clock, 0).Then(10, 0, 10).Then(10, 0, 10).Then(10, 0, 10);
        var estimating = new ClockOffsetEstimator(_clock, new ClockSampling(3, TimeSpan.FromMilliseconds(50))).EstimateAsync(server.ExchangeAsync, CancellationToken.None);

        _clock.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(1, server.Exchanges);
        while (!estimating.IsCompleted)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Delay(1);
        }

        Assert.Equal(3, (await estimating).Samples);
        Assert.All(server.StartedAt.Zip(server.StartedAt.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task An_exchange_whose_server_took_longer_than_the_round_trip_is_never_kept()
    {
        var server = new FakeClockServer(_clock, 0).Then(100, 0, 100).Then(2_000, 0, 2_000);
        ClockReading Bent(ClockReading r) => r with { SentAtUnixUs = r.ReceivedAtUnixUs + 1_000_000 };
        var first = true;

        var estimate = await new ClockOffsetEstimator(_clock, new ClockSampling(2, TimeSpan.Zero)).EstimateAsync(
            async ct =>
            {
                var reading = await server.ExchangeAsync(ct);
                var bent = first;
                first = false;
                return bent ? Bent(reading) : reading;
            },
            CancellationToken.None);

        Assert.Equal(4_000, estimate.RoundTripUs);
    }

    [Fact]
    public async Task Cancelling_stops_between_exchanges()
    {
        using var cancel = new CancellationTokenSource();
        var server = new FakeClockServer(_clock, 0).Then(10, 0, 10).Then(10, 0, 10);
        var estimating = new ClockOffsetEstimator(_clock, new ClockSampling(2, TimeSpan.FromSeconds(1))).EstimateAsync(server.ExchangeAsync, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => estimating);
        Assert.Equal(1, server.Exchanges);
    }
}
