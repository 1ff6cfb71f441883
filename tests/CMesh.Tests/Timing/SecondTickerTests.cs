using CMesh.Common;
using CMesh.Common.Timing;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Timing;

public sealed class SecondTickerTests
{
    private static readonly DateTimeOffset HalfPast = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000).AddMilliseconds(500);

    [Fact]
    public async Task Each_whole_second_ticks_once_with_its_lateness()
    {
        var clock = new FakeTimeProvider(HalfPast);
        var ticks = new List<(long Due, long At)>();
        using var stop = new CancellationTokenSource();
        var running = new SecondTicker(clock).RunAsync((due, at) => ticks.Add((due, at)), stop.Token);

        for (var i = 0; i < 6; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Eventually.True(() => ticks.Count == (i + 2) / 2);
        }

        await stop.CancelAsync();
        await running;
        var first = UnixTime.ToMicros(HalfPast.UtcDateTime) + 500_000;
        Assert.Equal([first, first + 1_000_000, first + 2_000_000], ticks.Select(t => t.Due));
        Assert.All(ticks, t => Assert.Equal(t.Due, t.At));
    }

    [Fact]
    public async Task An_offset_ticker_ticks_that_long_after_each_whole_second()
    {
        var clock = new FakeTimeProvider(HalfPast);
        var ticks = new List<(long Due, long At)>();
        using var stop = new CancellationTokenSource();
        var running = new SecondTicker(clock, offsetUs: 700_000).RunAsync((due, at) => ticks.Add((due, at)), stop.Token);

        clock.Advance(TimeSpan.FromMilliseconds(100));
        await Task.Yield();
        Assert.Empty(ticks);
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Eventually.True(() => ticks.Count == i + 1);
            clock.Advance(TimeSpan.FromMilliseconds(900));
        }

        await stop.CancelAsync();
        await running;
        var first = UnixTime.ToMicros(HalfPast.UtcDateTime) + 200_000;
        Assert.Equal([first, first + 1_000_000, first + 2_000_000], ticks.Select(t => t.Due));
        Assert.All(ticks, t => Assert.Equal(t.Due, t.At));
    }

    [Fact]
    public void Peers_offsets_are_their_own_and_spread_over_the_second()
    {
        var offsets = Enumerable.Range(1, 100).Select(i => SecondTicker.OffsetFor($"peer-{i}")).ToList();

        // The same in every process: FNV-1a of the id, not string.GetHashCode (these are what peers in containers used).
        Assert.Equal([767_000L, 386_000L, 5_000L], offsets.Take(3));
        Assert.All(offsets, o => Assert.InRange(o, 0, SecondTicker.Second - 1));
        Assert.All(offsets, o => Assert.Equal(0, o % 1000));
        Assert.All(Enumerable.Range(0, 4), quarter =>
            Assert.InRange(offsets.Count(o => o / 250_000 == quarter), 10, 40));
    }

    [Fact]
    public async Task A_process_woken_seconds_late_ticks_for_the_latest_second_only_and_never_twice()
    {
        var clock = new FakeTimeProvider(HalfPast);
        var ticks = new List<(long Due, long At)>();
        using var stop = new CancellationTokenSource();
        var running = new SecondTicker(clock).RunAsync((due, at) => ticks.Add((due, at)), stop.Token);

        clock.Advance(TimeSpan.FromSeconds(5.2));
        await Eventually.True(() => ticks.Count == 1);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => ticks.Count == 2);

        await stop.CancelAsync();
        await running;
        var first = UnixTime.ToMicros(HalfPast.UtcDateTime) + 500_000;
        Assert.Equal(first, ticks[0].Due);
        Assert.Equal(4_700_000, ticks[0].At - ticks[0].Due);
        Assert.Equal(ticks[0].Due + 5_000_000, ticks[1].Due);
    }

    [Fact]
    public async Task A_ticker_on_time_keeps_one_timer_and_leaves_it_alone()
    {
        var clock = new TimerWatchingClock(HalfPast);
        var ticks = 0;
        using var stop = new CancellationTokenSource();
        var running = new SecondTicker(clock).RunAsync((_, _) => ticks++, stop.Token);

        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Eventually.True(() => ticks == (i + 2) / 2);
        }

        await stop.CancelAsync();
        await running;
        Assert.Equal(1, clock.Created);
        Assert.Equal(1, clock.Changes); // armed once, never re-armed
    }
}
