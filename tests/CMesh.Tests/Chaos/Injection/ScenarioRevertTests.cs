using CMesh.Chaos.Faults;
using CMesh.Chaos.Targets;
using CMesh.Chaos.Yaml;
using CMesh.Common.Contracts;
using CMesh.Docker.Chaos.Injection;
using CMesh.Tests.Chaos.Injection.Fakes;

namespace CMesh.Tests.Chaos.Injection;

public sealed class ScenarioRevertTests
{
    private const string ThreeSteps = """
        name: three
        description: a pause, a partition, then a kill
        steps:
          - { at: 0s, duration: 30s, targets: peer-1, fault: { kind: pause } }
          - { at: 1s, duration: 30s, targets: peer-1..peer-2, fault: { kind: partition, layout: halves } }
          - { at: 2s, targets: peer-3, fault: { kind: kill } }
        """;

    private readonly FakeMesh _mesh = new(peers: 3);

    [Fact]
    public async Task A_failed_step_reverts_what_was_applied_newest_first_and_ends_the_scenario()
    {
        _mesh.FailingMember = "peer-3";
        _mesh.FailingText = "kill";
        await using var session = new ChaosSession(_mesh.Controls, FakeMesh.EveryKernelFeature, seed: 1);

        var play = new ScenarioPlayer(session, _mesh.Clock).PlayAsync(ScenarioReader.Read(ThreeSteps, "three.yaml"), null, CancellationToken.None);
        await AdvanceThroughPartitionAsync();
        _mesh.Clock.Advance(TimeSpan.FromSeconds(1));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => play);
        Assert.StartsWith("s3.1 (kill (SIGKILL)): peer-3:", failure.Message);
        Assert.Equal(["peer-1: pause", "peer-1: nft", "peer-2: nft", "peer-1: sh", "peer-2: sh", "peer-1: unpause"], ActionHeads());
        Assert.Equal(["s1.1 start", "s2.1 start", "s3.1 failed", "s2.1 end step-failed", "s1.1 end step-failed"], EventLines());
    }

    [Fact]
    public async Task Cancelling_the_scenario_still_reverts_every_fault_in_force()
    {
        await using var session = new ChaosSession(_mesh.Controls, FakeMesh.EveryKernelFeature, seed: 1);
        using var interrupt = new CancellationTokenSource();

        var play = new ScenarioPlayer(session, _mesh.Clock).PlayAsync(ScenarioReader.Read(ThreeSteps, "three.yaml"), null, interrupt.Token);
        await AdvanceThroughPartitionAsync();
        await interrupt.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => play);
        Assert.Equal(["peer-1: pause", "peer-1: nft", "peer-2: nft", "peer-1: sh", "peer-2: sh", "peer-1: unpause"], ActionHeads());
        Assert.Equal(["s1.1 start", "s2.1 start", "s2.1 end interrupted", "s1.1 end interrupted"], EventLines());
    }

    [Fact]
    public async Task A_revert_that_hangs_is_given_up_after_its_own_limit_and_recorded_as_failed()
    {
        _mesh.HangingMember = "peer-2";
        await using var session = new ChaosSession(_mesh.Controls, FakeMesh.EveryKernelFeature, seed: 1);
        var active = await session.StartAsync("a1", new LossFault(20, 0, LinkScope.Everywhere), TargetSelector.Parse("peer-1"), CancellationToken.None);

        var end = session.EndAsync(active, "duration");
        await _mesh.UntilActionsAsync(4);
        _mesh.Clock.Advance(AllOrNothing.RevertLimit);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => end);
        Assert.Contains("could not be reverted", failure.Message);
        Assert.Equal(ChaosEvent.Failed, _mesh.Events[^1].Event);
        Assert.Empty(session.Active);
    }

    /// <summary>s1 pauses at once; one second later s2 partitions peer-1 from peer-2.</summary>
    private async Task AdvanceThroughPartitionAsync()
    {
        await _mesh.UntilActionsAsync(1);
        _mesh.Clock.Advance(TimeSpan.FromSeconds(1));
        await _mesh.UntilEventsAsync(2);
    }

    private List<string> ActionHeads() => _mesh.Actions.Select(a => string.Join(' ', a.Split(' ').Take(2))).ToList();

    private List<string> EventLines() =>
        _mesh.Events.Select(e => e.Event == ChaosEvent.End ? $"{e.FaultId} {e.Event} {e.Detail}" : $"{e.FaultId} {e.Event}").ToList();
}
