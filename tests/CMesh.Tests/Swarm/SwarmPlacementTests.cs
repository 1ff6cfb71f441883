using CMesh.Docker.Engine;
using CMesh.Docker.Swarm;

namespace CMesh.Tests.Swarm;

public sealed class SwarmPlacementTests
{
    private static SwarmNode Node(string id, string hostname, string role = "worker", string state = "ready", string availability = "active", params (string Key, string Value)[] labels) =>
        new(id, hostname, role, availability, state, "10.0.0.1", 2_000_000_000, 1L << 30, labels.ToDictionary(l => l.Key, l => l.Value), role == "manager", "20.10.24");

    private static readonly IReadOnlyList<SwarmNode> ThreeNodes =
    [
        Node("w3", "cmesh-n3", labels: ("zone", "b")),
        Node("m1", "vm", role: "manager", labels: ("zone", "a")),
        Node("w2", "cmesh-n2", labels: ("zone", "a")),
    ];

    private static IReadOnlyList<string> Peers(int count) => Enumerable.Range(1, count).Select(i => $"peer-{i}").ToList();

    [Fact]
    public void Peers_go_round_robin_over_the_nodes_the_manager_first_then_by_hostname()
    {
        var placement = SwarmPlacement.Plan(Peers(7), ThreeNodes, place: null);

        Assert.Equal(
            ["vm", "cmesh-n2", "cmesh-n3", "vm", "cmesh-n2", "cmesh-n3", "vm"],
            Peers(7).Select(p => placement[p].Hostname));
    }

    [Fact]
    public void A_node_that_is_down_or_drained_gets_no_peer()
    {
        IReadOnlyList<SwarmNode> nodes = [ThreeNodes[1], Node("w2", "cmesh-n2", state: "down"), Node("w3", "cmesh-n3", availability: "drain")];

        var placement = SwarmPlacement.Plan(Peers(3), nodes, place: null);

        Assert.All(placement.Values, n => Assert.Equal("vm", n.Hostname));
    }

    [Fact]
    public void Place_keeps_the_peers_on_the_nodes_with_that_label_value()
    {
        var placement = SwarmPlacement.Plan(Peers(4), ThreeNodes, PlaceFilter.Parse("zone=a"));

        Assert.Equal(["vm", "cmesh-n2", "vm", "cmesh-n2"], Peers(4).Select(p => placement[p].Hostname));
    }

    [Fact]
    public void Place_matching_no_ready_node_is_refused_naming_the_label()
    {
        var error = Assert.Throws<SwarmPlacementException>(() => SwarmPlacement.Plan(Peers(2), ThreeNodes, PlaceFilter.Parse("zone=c")));

        Assert.Equal("--place zone=c: none of the 3 ready nodes has node label zone=c (add it with `docker node update --label-add zone=c NODE`)", error.Message);
    }

    [Theory]
    [InlineData("zone=a", "zone", "a")]
    [InlineData("rack = r1", "rack", "r1")]
    [InlineData("gpu=", "gpu", "")]
    public void Place_is_label_equals_value(string text, string label, string value) =>
        Assert.Equal(new PlaceFilter(label, value), PlaceFilter.Parse(text));

    [Theory]
    [InlineData("zone")]
    [InlineData("=a")]
    [InlineData("")]
    public void Place_without_a_label_and_an_equals_sign_is_not_understood(string text) =>
        Assert.Null(PlaceFilter.Parse(text));

    [Fact]
    public void A_service_is_pinned_to_its_node_by_id() =>
        Assert.Equal("node.id==w2", SwarmPlacement.Constraint(ThreeNodes[2]));
}
