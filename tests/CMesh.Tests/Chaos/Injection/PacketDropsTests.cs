using CMesh.Docker.Chaos.Injection;

namespace CMesh.Tests.Chaos.Injection;

public sealed class PacketDropsTests
{
    [Fact]
    public void Loss_is_one_atomic_nft_call_adding_a_prerouting_chain_that_drops_a_share_of_the_sources_packets() =>
        Assert.Equal(
            [
                "nft",
                "add table inet cmesh\n" +
                "add chain inet cmesh cmesh_s1_1 { type filter hook prerouting priority -300; policy accept; }\n" +
                "add rule inet cmesh cmesh_s1_1 ip saddr { 10.0.0.2, 10.0.0.3 } numgen random mod 10000 < 2050 counter drop",
            ],
            PacketDrops.AddChain(PacketDrops.ChainFor("s1.1"), ["10.0.0.2", "10.0.0.3"], 20.5));

    [Fact]
    public void A_partition_drops_every_packet_from_the_sources() =>
        Assert.EndsWith("ip saddr { 10.0.0.2 } counter drop", PacketDrops.AddChain("cmesh_a1", ["10.0.0.2"], null)[1]);

    [Fact]
    public void A_chain_with_no_sources_is_added_empty_for_a_later_layout_to_fill() =>
        Assert.DoesNotContain("add rule", PacketDrops.AddChain("cmesh_a1", [], null)[1]);

    [Fact]
    public void Removing_a_chain_also_removes_the_table_once_no_other_faults_chain_is_in_it()
    {
        var script = PacketDrops.DeleteChain("cmesh_a1");

        Assert.Equal(["sh", "-c"], script.Take(2));
        Assert.Contains("nft 'flush chain inet cmesh cmesh_a1; delete chain inet cmesh cmesh_a1'", script[2]);
        Assert.Contains("grep -q 'chain '; then nft delete table inet cmesh", script[2]);
    }
}
