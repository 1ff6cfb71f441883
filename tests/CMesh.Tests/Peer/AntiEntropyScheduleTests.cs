using CMesh.Common.Timing;
using CMesh.Peer.Sync;

namespace CMesh.Tests.Peer;

public sealed class AntiEntropyScheduleTests
{
    private const long Start = 1_800_000_000 * SecondTicker.Second;

    [Fact]
    public void Each_peer_is_due_once_in_every_interval_in_the_same_second_of_it()
    {
        var schedule = new AntiEntropySchedule("peer-17", 5000);

        var due = Enumerable.Range(0, 20).Select(s => Start + (s * SecondTicker.Second)).Where(schedule.IsDue).ToList();

        Assert.Equal(4, due.Count);
        Assert.All(due.Zip(due.Skip(1)), pair => Assert.Equal(5 * SecondTicker.Second, pair.Second - pair.First));
    }

    [Fact]
    public void A_peer_ticking_at_its_own_moment_in_the_second_is_due_in_the_same_seconds()
    {
        var schedule = new AntiEntropySchedule("peer-17", 5000);
        var offset = SecondTicker.OffsetFor("peer-17");

        var onTheSecond = Enumerable.Range(0, 20).Where(s => schedule.IsDue(Start + (s * SecondTicker.Second)));
        var atItsMoment = Enumerable.Range(0, 20).Where(s => schedule.IsDue(Start + (s * SecondTicker.Second) + offset));

        Assert.Equal(onTheSecond, atItsMoment);
    }

    [Fact]
    public void A_hundred_peers_spread_over_the_seconds_of_the_interval()
    {
        var perSecond = Enumerable.Range(0, 5)
            .Select(s => Enumerable.Range(1, 100).Count(i => new AntiEntropySchedule($"peer-{i}", 5000).IsDue(Start + (s * SecondTicker.Second))))
            .ToList();

        Assert.Equal(100, perSecond.Sum());
        Assert.All(perSecond, n => Assert.InRange(n, 10, 30));
    }

    [Fact]
    public void An_interval_under_a_second_is_every_second()
    {
        var schedule = new AntiEntropySchedule("peer-3", 400);

        Assert.All(Enumerable.Range(0, 5), s => Assert.True(schedule.IsDue(Start + (s * SecondTicker.Second))));
    }
}
