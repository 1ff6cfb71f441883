using CMesh.Peer.Network;
using CMesh.Peer.Sync;

namespace CMesh.Tests.Peer.Gossip;

public sealed class FloodGossipTests
{
    [Fact]
    public void A_flood_gives_its_links_no_part_eager_or_lazy()
    {
        using var gossip = new FloodGossip(new LinkTable(), drop: null);
        var link = new FakeGossipLink("peer-a");

        gossip.OnLinkOpened(link);
        gossip.OnControl(link, new PruneFrame("w"));

        Assert.Null(gossip.RoleOf("peer-a"));
    }
}
