using CMesh.Common.Contracts;

namespace CMesh.Coordinator;

/// <summary>
/// Moves the mesh from forming to running once every peer is ready, and to stopping when the duration ends or a
/// stop is asked for. The start time lies a little ahead so that every peer hears of it before it comes, on a whole Unix second.
/// </summary>
public sealed class MeshPhaseController(TestPlan plan, MeshRegistry registry, CoordinatorEventLog events, TimeProvider clock)
{
    private readonly Lock _gate = new();

    public MeshPhase Phase { get; private set; } = MeshPhase.Forming;

    public DateTimeOffset? ReadyAt { get; private set; }

    public DateTimeOffset? StartAt { get; private set; }

    public DateTimeOffset? StopAt { get; private set; }

    private TimeSpan StartLead => TimeSpan.FromMilliseconds(2 * plan.HeartbeatIntervalMs + 500);

    public HeartbeatResponse Current()
    {
        lock (_gate)
        {
            return new HeartbeatResponse(Phase, StartAt, StopAt);
        }
    }

    public void Evaluate()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (Phase == MeshPhase.Forming && registry.AllReady(plan.Peers))
            {
                ReadyAt = now;
                StartAt = OnWholeSecond(now + StartLead);
                StopAt = plan.DurationSeconds is { } seconds ? StartAt + TimeSpan.FromSeconds(seconds) : null;
                Phase = MeshPhase.Running;
                events.Record("mesh-ready", "", $"peers={registry.Count}");
                events.Record("workload-scheduled", "", $"start_at_unix_us={Common.UnixTime.ToMicros(StartAt.Value.UtcDateTime)}");
            }
            else if (Phase == MeshPhase.Running && StopAt is { } stop && now >= stop)
            {
                EnterStopping("duration elapsed");
            }
        }
    }

    public void RequestStop()
    {
        lock (_gate)
        {
            if (Phase != MeshPhase.Stopping)
            {
                EnterStopping("stop requested");
            }
        }
    }

    /// <summary>The workload starts on a whole Unix second, so its seconds are the grid every sampler ticks on.</summary>
    private static DateTimeOffset OnWholeSecond(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds() + (time.UtcTicks % TimeSpan.TicksPerSecond > 0 ? 1 : 0));

    private void EnterStopping(string reason)
    {
        Phase = MeshPhase.Stopping;
        StopAt ??= clock.GetUtcNow();
        events.Record("mesh-stopping", "", reason);
    }
}
