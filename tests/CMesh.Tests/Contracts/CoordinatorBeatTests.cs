using System.Text.Json;
using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Tests.Contracts;

public sealed class CoordinatorBeatTests
{
    [Theory]
    [InlineData(10, 1000, 1000, 5000)]
    [InlineData(20, 1000, 1000, 5000)]
    [InlineData(50, 1000, 2500, 12500)]
    [InlineData(100, 1000, 5000, 25000)]
    [InlineData(250, 1000, 5000, 25000)]
    [InlineData(500, 1000, 5000, 25000)]
    [InlineData(10, 2000, 2000, 5000)]
    [InlineData(100, 2000, 5000, 12500)]
    [InlineData(100, 8000, 8000, 5000)]
    [InlineData(1000, 500, 10000, 100000)]
    public void Peers_beat_the_coordinator_at_the_link_interval_then_spread_their_beats_as_the_mesh_grows(
        int peers, int linkIntervalMs, int expectedIntervalMs, int expectedTimeoutMs)
    {
        var plan = new TestPlan(peers, 1000, 16, 4, 8, linkIntervalMs, 5000, null);

        Assert.Equal(expectedIntervalMs, plan.CoordinatorBeatIntervalMs);
        Assert.Equal(expectedTimeoutMs, plan.CoordinatorBeatTimeoutMs);
        Assert.True(peers * 1000.0 / plan.CoordinatorBeatIntervalMs <= TestPlan.MaxCoordinatorBeatsPerSecond);
    }

    [Fact]
    public void The_derived_intervals_are_not_part_of_the_plan_handed_to_peers()
    {
        var json = JsonSerializer.Serialize(new TestPlan(500, 1000, 16, 4, 8, 1000, 5000, null), CMeshJson.Options);

        Assert.DoesNotContain("coordinatorBeat", json);
    }
}
