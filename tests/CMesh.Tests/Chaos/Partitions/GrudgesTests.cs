using CMesh.Chaos.Partitions;

namespace CMesh.Tests.Chaos.Partitions;

public sealed class GrudgesTests
{
    private static readonly string[] Peers = ["peer-1", "peer-2", "peer-3", "peer-4", "peer-5"];

    [Fact]
    public void Halves_cut_the_first_half_of_the_targets_from_the_rest_both_ways()
    {
        var draw = Grudges.Draw(PartitionLayout.Parse("halves"), oneWay: false, ["peer-1", "peer-2", "peer-3", "peer-4"], Peers, new Random(1));

        Assert.Equal(["peer-3", "peer-4"], draw.Grudges["peer-1"].Order());
        Assert.Equal(["peer-1", "peer-2"], draw.Grudges["peer-4"].Order());
        Assert.False(draw.Grudges.ContainsKey("peer-5"));
        Assert.Equal("peer-1 peer-2 | peer-3 peer-4", draw.Description);
    }

    [Fact]
    public void The_nodes_layout_cuts_each_nodes_targets_from_the_other_nodes_targets()
    {
        var nodeOf = new Dictionary<string, string> { ["peer-1"] = "vm", ["peer-2"] = "n2", ["peer-3"] = "n3", ["peer-4"] = "vm", ["peer-5"] = "n2" };

        var draw = Grudges.Draw(PartitionLayout.Parse("nodes"), oneWay: false, Peers, Peers, new Random(1), nodeOf);

        Assert.Equal("peer-1 peer-4 | peer-2 peer-5 | peer-3", draw.Description);
        Assert.Equal(["peer-2", "peer-3", "peer-5"], draw.Grudges["peer-1"].Order());
        Assert.Equal(["peer-1", "peer-3", "peer-4"], draw.Grudges["peer-5"].Order());
        Assert.Equal(["peer-1", "peer-2", "peer-4", "peer-5"], draw.Grudges["peer-3"].Order());
    }

    [Fact]
    public void The_nodes_layout_refuses_targets_on_one_node_or_on_none()
    {
        var oneNode = new Dictionary<string, string> { ["peer-1"] = "vm", ["peer-2"] = "vm" };

        var single = Assert.Throws<InvalidOperationException>(() => Grudges.Draw(PartitionLayout.Parse("nodes"), false, ["peer-1", "peer-2"], Peers, new Random(1), oneNode));
        var local = Assert.Throws<InvalidOperationException>(() => Grudges.Draw(PartitionLayout.Parse("nodes"), false, ["peer-1", "peer-2"], Peers, new Random(1)));

        Assert.Equal("partition nodes needs targets on two nodes or more, and all 2 run on vm", single.Message);
        Assert.Equal("partition nodes groups the targets by the swarm node they run on, and peer-1 runs on none: it is for --runner swarm runs", local.Message);
    }

    [Fact]
    public void A_one_way_cut_makes_only_the_second_side_drop_what_the_first_sends()
    {
        var draw = Grudges.Draw(PartitionLayout.Parse("halves"), oneWay: true, ["peer-1", "peer-2", "peer-3", "peer-4"], Peers, new Random(1));

        Assert.Equal(["peer-3", "peer-4"], draw.Grudges.Keys.Order());
        Assert.Equal(["peer-1", "peer-2"], draw.Grudges["peer-3"].Order());
    }

    [Fact]
    public void Isolating_one_cuts_it_from_every_peer_of_the_mesh_not_only_the_targets()
    {
        var draw = Grudges.Draw(PartitionLayout.Parse("isolate-one"), oneWay: false, ["peer-2"], Peers, new Random(1));

        Assert.Equal(["peer-1", "peer-3", "peer-4", "peer-5"], draw.Grudges["peer-2"].Order());
        Assert.All(["peer-1", "peer-3", "peer-4", "peer-5"], p => Assert.Equal(["peer-2"], draw.Grudges[p]));
    }

    [Fact]
    public void A_bridge_peer_hears_both_sides_while_the_sides_do_not_hear_each_other()
    {
        var draw = Grudges.Draw(PartitionLayout.Parse("bridge"), oneWay: false, Peers, Peers, new Random(7));

        var bridge = Assert.Single(Peers, p => !draw.Grudges.ContainsKey(p));
        Assert.All(draw.Grudges, g => Assert.DoesNotContain(bridge, g.Value));
        Assert.Contains($"bridged by {bridge}", draw.Description);
    }

    [Fact]
    public void Islands_deal_every_target_into_one_group_that_drops_all_the_others()
    {
        var draw = Grudges.Draw(PartitionLayout.Parse("islands 3"), oneWay: false, Peers, Peers, new Random(3));

        Assert.All(Peers, p => Assert.Equal(Peers.Length - 1 - Peers.Count(q => q != p && !draw.Grudges[p].Contains(q)), draw.Grudges[p].Count));
        Assert.Equal(3, draw.Description.Split(" | ").Length);
    }

    [Fact]
    public void In_a_majorities_ring_every_peer_hears_a_majority_and_no_two_hear_the_same_one()
    {
        var draw = Grudges.Draw(PartitionLayout.Parse("majorities-ring"), oneWay: false, Peers, Peers, new Random(5));

        var heard = Peers.Select(p => Peers.Except(draw.Grudges[p]).Order().ToArray()).ToList();
        Assert.All(heard, h => Assert.True(h.Length > Peers.Length / 2));
        Assert.Equal(heard.Count, heard.Select(h => string.Join(',', h)).Distinct().Count());
    }

    [Fact]
    public void The_same_seed_draws_the_same_sides() =>
        Assert.Equal(
            Grudges.Draw(PartitionLayout.Parse("random-halves"), false, Peers, Peers, new Random(42)).Description,
            Grudges.Draw(PartitionLayout.Parse("random-halves"), false, Peers, Peers, new Random(42)).Description);
}
