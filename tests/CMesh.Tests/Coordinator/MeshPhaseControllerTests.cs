using CMesh.Common.Contracts;
using CMesh.Coordinator;

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
    public void The_workload_starts_for_all_at_one_time_ahead_once_every_peer_is_ready_and_stops_after_the_duration()
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
        Assert.Equal(MeshPhase.Stopping, controller.Phase);
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

        Assert.Equal(MeshPhase.Stopping, controller.Phase);
        _events.Dispose();
        Assert.Contains("mesh-stopping", File.ReadAllText(Path.Combine(_results, "events.csv")));
    }

    public void Dispose()
    {
        _events.Dispose();
        Directory.Delete(_results, recursive: true);
    }

    private void Ready(string peer, string linkedTo) =>
        _registry.Heartbeat(peer, new HeartbeatRequest(PeerState.Ready, [linkedTo], 0, 0));

    private static TestPlan Plan(int? duration) => new(2, 1000, 16, 2, 4, 1000, 5000, duration);
}
