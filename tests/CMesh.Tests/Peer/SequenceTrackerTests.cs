using CMesh.Peer.Sync;

namespace CMesh.Tests.Peer;

public sealed class SequenceTrackerTests
{
    [Fact]
    public void Each_sequence_of_a_writer_is_new_once_in_any_order()
    {
        var tracker = new SequenceTracker();
        long[] arrivals = [3, 1, 3, 2, 5, 1, 4, 5];
        var firsts = arrivals.Where(seq => tracker.TryAdd("peer-1", seq)).ToList();

        Assert.Equal([3, 1, 2, 5, 4], firsts);
        Assert.Equal(5, tracker.Watermarks()["peer-1"]);
    }

    [Fact]
    public void Writers_are_tracked_apart()
    {
        var tracker = new SequenceTracker();

        Assert.True(tracker.TryAdd("peer-1", 1));
        Assert.True(tracker.TryAdd("peer-2", 1));
        Assert.False(tracker.TryAdd("peer-1", 1));
    }

    [Fact]
    public void The_watermark_stops_below_a_gap()
    {
        var tracker = new SequenceTracker();
        tracker.TryAdd("w", 1);
        tracker.TryAdd("w", 2);
        tracker.TryAdd("w", 4);

        Assert.Equal(2, tracker.Watermarks()["w"]);
        Assert.True(tracker.TryAdd("w", 3));
        Assert.Equal(4, tracker.Watermarks()["w"]);
    }
}
