using CMesh.Common.Contracts;
using CMesh.Coordinator;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Coordinator;

public sealed class MeshPhaseControllerTests : IDisposable
{
    private readonly ManualClock _clock = new(DateTimeOffset.UnixEpoch.AddDays(20000));
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-phase-").FullName;
    private readonly CoordinatorEventLog _events;
    private readonly MeshRegistry _registry;

    public MeshPhaseControllerTests()
    {
        _events = new CoordinatorEventLog(_results);
        _registry = new MeshRegistry(_clock);
    }

    [Fact]
    public void The_workload_starts_for_all_at_one_time_ahead_once_every_peer_is_ready_and_ends_after_the_duration()
    {
        var controller = new MeshPhaseController(Plan(duration: 10), _registry, _events, _clock);
        _registry.Register("peer-1", "a:1", 2);
        _registry.Register("peer-2", "b:1", 2);
        controller.Evaluate();
        Assert.Equal(MeshPhase.Forming, controller.Phase);

        Ready("peer-1", "peer-2");
        Ready("peer-2", "peer-1");
        controller.Evaluate();

        Assert.Equal(MeshPhase.Running, controller.Phase);
        Assert.True(controller.StartAt > _clock.GetUtcNow());
        Assert.Equal(controller.StartAt + TimeSpan.FromSeconds(10), controller.StopAt);

        _clock.Advance(controller.StopAt!.Value - _clock.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        controller.Evaluate();
        Assert.Equal(MeshPhase.Running, controller.Phase);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        controller.Evaluate();
        Assert.Equal(MeshPhase.Settling, controller.Phase);
    }

    [Fact]
    public void A_settling_mesh_stops_once_every_live_peer_has_held_every_update_for_a_heartbeat_interval()
    {
        var controller = Running(Plan(duration: null));
        Beat("peer-1", PeerState.Running, written: 10, held: 18);
        controller.RequestStop();
        Assert.Equal(MeshPhase.Settling, controller.Phase);

        Beat("peer-1", PeerState.Reporting, written: 10, held: 19);
        controller.Evaluate();
        Beat("peer-2", PeerState.Reporting, written: 10, held: 19);
        _clock.Advance(TimeSpan.FromSeconds(2));
        controller.Evaluate();
        Assert.Equal(MeshPhase.Settling, controller.Phase);

        Beat("peer-1", PeerState.Reporting, written: 10, held: 20);
        Beat("peer-2", PeerState.Reporting, written: 10, held: 20);
        controller.Evaluate();
        Assert.Equal(MeshPhase.Settling, controller.Phase);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        controller.Evaluate();
        Assert.Equal(MeshPhase.Settling, controller.Phase);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        controller.Evaluate();

        Assert.Equal(MeshPhase.Stopping, controller.Phase);
        Assert.Contains("settled after 3.0 s: 2 of 2 peers live, each holding 20 updates", Events());
    }

    [Fact]
    public void A_peer_gone_silent_does_not_hold_up_the_settle_and_one_that_never_catches_up_holds_it_to_the_bound()
    {
        var controller = Running(Plan(duration: null) with { SettleSeconds = 10 });
        _registry.Register("peer-3", "c:1", 2);
        controller.RequestStop();
        Beat("peer-1", PeerState.Reporting, written: 10, held: 19);
        Beat("peer-2", PeerState.Reporting, written: 10, held: 20);
        _clock.Advance(TimeSpan.FromSeconds(6));
        Beat("peer-1", PeerState.Reporting, written: 10, held: 19);
        Beat("peer-2", PeerState.Reporting, written: 10, held: 20);
        controller.Evaluate();
        _clock.Advance(TimeSpan.FromSeconds(2));
        controller.Evaluate();
        Assert.Equal(MeshPhase.Settling, controller.Phase);

        _clock.Advance(TimeSpan.FromSeconds(2));
        controller.Evaluate();

        Assert.Equal(MeshPhase.Stopping, controller.Phase);
        Assert.Contains("settle bound of 10 s reached: 1 of 2 live peers hold the most updates (20), 20 written by live peers", Events());
    }

    [Fact]
    public void A_stop_without_settling_stops_at_once_even_mid_settle()
    {
        var controller = Running(Plan(duration: null));
        controller.RequestStop();
        Assert.Equal(MeshPhase.Settling, controller.Phase);

        controller.RequestStop(settle: false);

        Assert.Equal(MeshPhase.Stopping, controller.Phase);
        Assert.Contains("settle-ended,,stop requested without settling", Events());
    }

    [Fact]
    public void A_heartbeat_makes_the_mesh_ready_at_once_and_leaves_the_other_phase_changes_to_the_tick()
    {
        var controller = new MeshPhaseController(Plan(duration: 10), _registry, _events, _clock);
        _registry.Register("peer-1", "a:1", 2);
        _registry.Register("peer-2", "b:1", 2);
        Ready("peer-1", "peer-2");
        controller.EvaluateReadiness();
        Assert.Equal(MeshPhase.Forming, controller.Phase);

        Ready("peer-2", "peer-1");
        controller.EvaluateReadiness();
        Assert.Equal(MeshPhase.Running, controller.Phase);
        Assert.Equal(_clock.GetUtcNow(), controller.ReadyAt);

        _clock.Advance(controller.StopAt!.Value - _clock.GetUtcNow());
        controller.EvaluateReadiness();
        Assert.Equal(MeshPhase.Running, controller.Phase);
        controller.Evaluate();
        Assert.Equal(MeshPhase.Settling, controller.Phase);
    }

    [Fact]
    public async Task The_tick_ends_the_workload_when_the_duration_runs_out_between_heartbeats()
    {
        var clock = new FakeTimeProvider(_clock.GetUtcNow());
        var registry = new MeshRegistry(clock);
        var controller = new MeshPhaseController(Plan(duration: 10), registry, _events, clock);
        registry.Register("peer-1", "a:1", 2);
        registry.Heartbeat("peer-1", new HeartbeatRequest(PeerState.Ready, ["peer-2"], 0, 0));
        registry.Register("peer-2", "b:1", 2);
        registry.Heartbeat("peer-2", new HeartbeatRequest(PeerState.Ready, ["peer-1"], 0, 0));
        using var stopping = new CancellationTokenSource();
        var ticking = controller.RunAsync(stopping.Token);

        clock.Advance(TimeSpan.FromMilliseconds(250));
        await Eventually.True(() => controller.Phase == MeshPhase.Running);
        clock.Advance(controller.StopAt!.Value - clock.GetUtcNow() + TimeSpan.FromMilliseconds(250));
        await Eventually.True(() => controller.Phase == MeshPhase.Settling);

        await stopping.CancelAsync();
        await ticking;
    }

    [Fact]
    public void Without_a_duration_the_mesh_runs_until_a_stop_is_requested()
    {
        var controller = new MeshPhaseController(Plan(duration: null), _registry, _events, _clock);
        _registry.Register("peer-1", "a:1", 2);
        _registry.Register("peer-2", "b:1", 2);
        Ready("peer-1", "peer-2");
        Ready("peer-2", "peer-1");
        controller.Evaluate();
        _clock.Advance(TimeSpan.FromDays(1));
        controller.Evaluate();
        Assert.Equal(MeshPhase.Running, controller.Phase);
        Assert.Null(controller.StopAt);

        controller.RequestStop();

        Assert.Equal(MeshPhase.Settling, controller.Phase);
        Assert.Contains("mesh-stopping", Events());
    }

    public void Dispose()
    {
        _events.Dispose();
        Directory.Delete(_results, recursive: true);
    }

    private MeshPhaseController Running(TestPlan plan)
    {
        var controller = new MeshPhaseController(plan, _registry, _events, _clock);
        _registry.Register("peer-1", "a:1", 2);
        _registry.Register("peer-2", "b:1", 2);
        Ready("peer-1", "peer-2");
        Ready("peer-2", "peer-1");
        controller.Evaluate();
        Assert.Equal(MeshPhase.Running, controller.Phase);
        return controller;
    }

    private void Beat(string peer, PeerState state, long written, long held) =>
        _registry.Heartbeat(peer, new HeartbeatRequest(state, ["peer-1"], written, held - written, Held: held));

    private string Events()
    {
        _events.Dispose();
        return File.ReadAllText(Path.Combine(_results, "events.csv"));
    }

    private void Ready(string peer, string linkedTo) =>
        _registry.Heartbeat(peer, new HeartbeatRequest(PeerState.Ready, [linkedTo], 0, 0));

    private static TestPlan Plan(int? duration) => new(2, 1000, 16, 2, 4, 1000, 5000, duration);
}
