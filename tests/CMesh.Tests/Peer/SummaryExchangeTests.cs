using CMesh.Peer.Sync;

namespace CMesh.Tests.Peer;

public sealed class SummaryExchangeTests
{
    private readonly SummaryExchange<string> _exchange = new();

    [Fact]
    public void A_link_opens_with_the_whole_summary_and_each_periodic_one_names_only_the_writers_that_rose_since_the_last()
    {
        var opening = _exchange.Opening("link", Vector(("a", 3), ("b", 1)));
        var first = _exchange.Periodic("link", Vector(("a", 3), ("b", 2), ("c", 1)));
        var quiet = _exchange.Periodic("link", Vector(("a", 3), ("b", 2), ("c", 1)));
        var second = _exchange.Periodic("link", Vector(("a", 4), ("b", 2), ("c", 1)));

        Assert.Equal("a:3 b:1", opening.ToString());
        Assert.Equal("b:2 c:1", first.ToString());
        Assert.Empty(quiet.Entries);
        Assert.Equal("a:4", second.ToString());
    }

    [Fact]
    public void Each_link_has_its_own_offers()
    {
        _exchange.Opening("old", Vector(("a", 1)));
        _exchange.Periodic("old", Vector(("a", 2)));
        _exchange.Opening("new", Vector(("a", 2)));

        Assert.Equal("a:3", _exchange.Periodic("old", Vector(("a", 3))).ToString());
        Assert.Equal("a:3", _exchange.Periodic("new", Vector(("a", 3))).ToString());
        Assert.Empty(_exchange.Periodic("new", Vector(("a", 3))).Entries);
    }

    [Fact]
    public void A_link_not_opened_here_or_forgotten_is_offered_the_whole_summary_every_time()
    {
        var beforeOpening = _exchange.Periodic("link", Vector(("a", 1)));
        _exchange.Opening("link", Vector(("a", 1), ("b", 1)));
        _exchange.Forget("link");
        var afterClosing = _exchange.Periodic("link", Vector(("a", 1), ("b", 1)));
        var again = _exchange.Periodic("link", Vector(("a", 1), ("b", 1)));

        Assert.Equal("a:1", beforeOpening.ToString());
        Assert.Equal("a:1 b:1", afterClosing.ToString());
        Assert.Equal("a:1 b:1", again.ToString());
    }

    [Fact]
    public void What_is_heard_on_a_link_gathers_every_summary_in_whatever_order_they_came()
    {
        var delta = _exchange.Heard("link", Vector(("b", 5)));
        var whole = _exchange.Heard("link", Vector(("a", 2), ("b", 4), ("c", 1)));
        var later = _exchange.Heard("link", Vector(("c", 2)));

        Assert.Equal("b:5", delta.ToString());
        Assert.Equal("a:2 b:5 c:1", whole.ToString());
        Assert.Equal("a:2 b:5 c:2", later.ToString());
    }

    [Fact]
    public void A_forgotten_link_is_heard_afresh()
    {
        _exchange.Heard("link", Vector(("a", 9)));
        _exchange.Forget("link");

        Assert.Equal("b:1", _exchange.Heard("link", Vector(("b", 1))).ToString());
    }

    private static VersionVector Vector(params (string Writer, long Watermark)[] entries) =>
        new(entries.ToDictionary(e => e.Writer, e => e.Watermark, StringComparer.Ordinal));
}
