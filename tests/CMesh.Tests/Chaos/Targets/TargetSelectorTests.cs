using CMesh.Chaos.Targets;

namespace CMesh.Tests.Chaos.Targets;

public sealed class TargetSelectorTests
{
    private static readonly IReadOnlyList<string> Mesh = ["coordinator", .. Enumerable.Range(1, 12).Select(i => $"peer-{i}")];

    [Fact]
    public void All_chooses_every_peer_but_not_the_coordinator()
    {
        var chosen = TargetSelector.Parse("all").Select(Mesh, new Random(1));

        Assert.Equal(Mesh.Skip(1), chosen);
    }

    [Fact]
    public void Names_and_ranges_are_expanded_and_chosen_in_mesh_order()
    {
        var selector = TargetSelector.Parse("peer-7, peer-1..peer-3");

        Assert.Equal(["peer-1", "peer-2", "peer-3", "peer-7"], selector.Select(Mesh, new Random(1)));
        Assert.Equal("peer-7, peer-1..peer-3", selector.ToString());
    }

    [Fact]
    public void A_range_may_leave_the_prefix_off_its_upper_end()
    {
        Assert.Equal(["peer-9", "peer-10", "peer-11"], TargetSelector.Parse("peer-9..11").Select(Mesh, new Random(1)));
    }

    [Fact]
    public void The_coordinator_is_chosen_only_when_named()
    {
        Assert.Equal(["coordinator"], TargetSelector.Parse("coordinator").Select(Mesh, new Random(1)));
        Assert.Equal(["coordinator", "peer-2"], TargetSelector.Parse("coordinator, peer-2").Select(Mesh, new Random(1)));
        Assert.DoesNotContain("coordinator", TargetSelector.Parse("regex .*").Select(Mesh, new Random(1)));
        Assert.DoesNotContain("coordinator", TargetSelector.Parse("random 100%").Select(Mesh, new Random(1)));
    }

    [Fact]
    public void Random_n_chooses_n_distinct_peers_and_repeats_its_choice_with_the_same_seed()
    {
        var selector = TargetSelector.Parse("random 3");

        var first = selector.Select(Mesh, new Random(42));
        var again = selector.Select(Mesh, new Random(42));

        Assert.Equal(3, first.Distinct().Count());
        Assert.DoesNotContain("coordinator", first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Random_draws_differ_between_seeds()
    {
        var selector = TargetSelector.Parse("random 6");

        var draws = Enumerable.Range(0, 10).Select(seed => string.Join(",", selector.Select(Mesh, new Random(seed)))).ToHashSet();

        Assert.True(draws.Count > 1);
    }

    [Theory]
    [InlineData("random 25%", 3)]
    [InlineData("random 1%", 1)]
    [InlineData("random 100%", 12)]
    [InlineData("random minority", 5)]
    public void Random_shares_round_to_whole_peers(string text, int count)
    {
        Assert.Equal(count, TargetSelector.Parse(text).Select(Mesh, new Random(3)).Count);
    }

    [Fact]
    public void A_regex_chooses_the_peers_whose_name_it_matches()
    {
        Assert.Equal(["peer-1", "peer-10", "peer-11", "peer-12"], TargetSelector.Parse("regex ^peer-1[0-9]?$").Select(Mesh, new Random(1)));
    }

    [Fact]
    public void A_label_chooses_the_peers_that_carry_it()
    {
        var labels = Mesh.ToDictionary(
            name => name,
            name => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["zone"] = name is "peer-2" or "peer-5" ? "north" : "south" });

        Assert.Equal(["peer-2", "peer-5"], TargetSelector.Parse("label zone=north").Select(Mesh, new Random(1), labels));
    }

    [Fact]
    public void A_label_selector_without_the_labels_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => TargetSelector.Parse("label zone=north").Select(Mesh, new Random(1)));
    }

    [Fact]
    public void A_named_member_missing_from_the_mesh_is_an_error_naming_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TargetSelector.Parse("peer-11..peer-13").Select(Mesh, new Random(1)));

        Assert.Contains("peer-13", error.Message);
    }

    [Fact]
    public void A_selection_that_chooses_nobody_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => TargetSelector.Parse("regex ^node-").Select(Mesh, new Random(1)));
        Assert.Throws<InvalidOperationException>(() => TargetSelector.Parse("random 13").Select(Mesh, new Random(1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("random")]
    [InlineData("random 0")]
    [InlineData("random 150%")]
    [InlineData("random few")]
    [InlineData("label zone")]
    [InlineData("regex (")]
    [InlineData("peer-5..peer-1")]
    [InlineData("peer-1..node-3")]
    [InlineData("Peer-1")]
    [InlineData("peer-1 peer-2")]
    [InlineData("all peers")]
    public void Anything_else_is_not_a_target(string text)
    {
        Assert.Throws<FormatException>(() => TargetSelector.Parse(text));
    }
}
