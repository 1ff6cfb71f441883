using CMesh.Chaos.Faults;
using CMesh.Chaos.Partitions;
using CMesh.Chaos.Targets;
using CMesh.Common.Contracts;
using CMesh.Docker.Chaos.Injection;
using CMesh.Tests.Chaos.Injection.Fakes;

namespace CMesh.Tests.Chaos.Injection;

public sealed class ScheduleTests
{
    private readonly FakeMesh _mesh = new(peers: 4);

    [Fact]
    public async Task Churn_kills_one_target_every_interval_and_starts_it_again_after_the_downtime()
    {
        await using var session = new ChaosSession(_mesh.Controls, FakeMesh.EveryKernelFeature, seed: 7);
        var churn = await session.StartAsync("a1", new ChurnFault(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), "SIGKILL"), TargetSelector.Parse("peer-1..peer-2"), CancellationToken.None);

        _mesh.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(_mesh.Actions);
        _mesh.Clock.Advance(TimeSpan.FromSeconds(1));
        await _mesh.UntilActionsAsync(1);
        var victim = _mesh.Actions[0].Split(':')[0];
        _mesh.Clock.Advance(TimeSpan.FromSeconds(2));
        await _mesh.UntilActionsAsync(3);
        _mesh.Clock.Advance(TimeSpan.FromSeconds(3));
        await _mesh.UntilActionsAsync(4);
        await session.EndAsync(churn, "duration");

        Assert.Equal([$"{victim}: kill SIGKILL", $"{victim}: forget helper", $"{victim}: start"], _mesh.Actions.Take(3));
        Assert.EndsWith(": kill SIGKILL", _mesh.Actions[3]);
        Assert.Equal(["forget helper", "start"], _mesh.Actions.Skip(4).Select(a => a.Split(": ")[1]));
        Assert.Contains(_mesh.Events, e => e.Event == ChaosEvent.Action && e.Detail == $"started {victim}");
    }

    [Fact]
    public async Task Mobility_swaps_every_targets_rule_for_a_new_layout_every_period_and_removes_the_chains_when_it_ends()
    {
        await using var session = new ChaosSession(_mesh.Controls, FakeMesh.EveryKernelFeature, seed: 7);
        var mobility = await session.StartAsync(
            "a1", new MobilityFault(new PartitionLayout(PartitionShape.RandomHalves, 0), TimeSpan.FromSeconds(10)), TargetSelector.All, CancellationToken.None);

        Assert.Equal(4, _mesh.Actions.Count(a => a.Contains("add chain inet cmesh cmesh_a1 ")));
        _mesh.Clock.Advance(TimeSpan.FromSeconds(10));
        await _mesh.UntilActionsAsync(8);
        _mesh.Clock.Advance(TimeSpan.FromSeconds(10));
        await _mesh.UntilActionsAsync(12);
        await _mesh.UntilEventsAsync(3);
        await session.EndAsync(mobility, "duration");

        Assert.All(_mesh.Actions.Skip(4).Take(8), a => Assert.Contains("nft flush chain inet cmesh cmesh_a1; add rule inet cmesh cmesh_a1 ip saddr", a));
        Assert.All(_mesh.Actions.Skip(12), a => Assert.Contains("delete chain inet cmesh cmesh_a1", a));
        Assert.Equal(16, _mesh.Actions.Count);
        Assert.Equal(2, _mesh.Events.Count(e => e.Event == ChaosEvent.Action && e.Detail.Contains(" | ")));
    }
}
