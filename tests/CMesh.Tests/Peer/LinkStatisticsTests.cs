using CMesh.Peer.Network;
using CMesh.Peer.Sync;

namespace CMesh.Tests.Peer;

public sealed class LinkStatisticsTests
{
    [Fact]
    public void A_lazy_link_that_only_announces_updates_counts_as_forwarding_them()
    {
        var statistics = new LinkStatistics();

        statistics.Received(new IHaveFrame([new AnnouncedRange(new UpdateRange("peer-1", 4, 3), 1), new AnnouncedRange(new UpdateRange("peer-2", 1, 1), 2)]), 40);
        statistics.Received(new SummaryFrame(VersionVector.Empty), 9);

        var counters = statistics.Snapshot();
        Assert.Equal((0, 4, 4), (counters.UpdatesIn, counters.AnnouncedIn, counters.Forwarded));
    }

    [Fact]
    public void Updates_pushed_whole_count_as_forwarded_too()
    {
        var statistics = new LinkStatistics();
        var earlier = statistics.Snapshot();

        statistics.Received(new UpdateFrame(new Update("peer-1", 1, 1, 1, [1, 2])), 30);
        statistics.Received(new IHaveFrame([new AnnouncedRange(new UpdateRange("peer-1", 2, 1), 1)]), 20);

        var second = statistics.Snapshot().Minus(earlier);
        Assert.Equal((1, 1, 2, 2), (second.UpdatesIn, second.AnnouncedIn, second.Forwarded, second.PayloadIn));
    }
}
