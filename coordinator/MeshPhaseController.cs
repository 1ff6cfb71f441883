using CMesh.Common.Contracts;

namespace CMesh.Coordinator;

/// <summary>
/// Moves the mesh from forming to running once every peer is ready; to settling when the duration ends or a stop is
/// asked for (the workload is over, peers keep syncing); and to stopping once the mesh has settled or the plan's
/// settle bound has passed. The start time lies a little ahead so that every peer hears of it before it comes, on a
/// whole Unix second.
/// </summary>
public sealed class MeshPhaseController(TestPlan plan, MeshRegistry registry, CoordinatorEventLog events, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly SettleWatch _settle = new(plan, clock);
    private DateTimeOffset _settlingSince;

    public MeshPhase Phase { get; private set; } = MeshPhase.Forming;

    public DateTimeOffset? ReadyAt { get; private set; }

    public DateTimeOffset? StartAt { get; private set; }

    public DateTimeOffset? StopAt { get; private set; }

    private TimeSpan StartLead => TimeSpan.FromMilliseconds(2 * plan.CoordinatorBeatIntervalMs + 500);

    public HeartbeatResponse Current()
    {
        lock (_gate)
        {
            return new HeartbeatResponse(Phase, StartAt, StopAt);
        }
    }

    /// <summary>
    /// After a heartbeat: the mesh is ready the moment its last peer says so (bring-up is measured to here). This
    /// check costs the same in any mesh; the rest waits for <see cref="Evaluate"/>'s tick.
    /// </summary>
    public void EvaluateReadiness()
    {
        lock (_gate)
        {
            EnterRunningOnceReady();
        }
    }

    /// <summary>Evaluates the phase four times a second until cancelled: the duration runs out between heartbeats.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(250), clock);
        try
        {
            while (await ticker.WaitForNextTickAsync(ct))
            {
                Evaluate();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The coordinator is shutting down.
        }
    }

    /// <summary>Every phase change.</summary>
    public void Evaluate()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (Phase == MeshPhase.Forming)
            {
                EnterRunningOnceReady();
            }
            else if (Phase == MeshPhase.Running && StopAt is { } stop && now >= stop)
            {
                EndWorkload("duration elapsed", settle: true);
            }
            else if (Phase == MeshPhase.Settling && _settle.Observe(registry.Peers(), _settlingSince) is { } settled)
            {
                EnterStopping(settled);
            }
        }
    }

    private void EnterRunningOnceReady()
    {
        if (Phase != MeshPhase.Forming || !registry.AllReady(plan.Peers))
        {
            return;
        }

        var now = clock.GetUtcNow();
        ReadyAt = now;
        StartAt = OnWholeSecond(now + StartLead);
        StopAt = plan.DurationSeconds is { } seconds ? StartAt + TimeSpan.FromSeconds(seconds) : null;
        Phase = MeshPhase.Running;
        events.Record("mesh-ready", "", $"peers={registry.Count}");
        events.Record("workload-scheduled", "", $"start_at_unix_us={Common.UnixTime.ToMicros(StartAt.Value.UtcDateTime)}");
    }

    /// <param name="settle">False skips the settle: peers stop at once (an interrupted run).</param>
    public void RequestStop(bool settle = true)
    {
        lock (_gate)
        {
            if (Phase is MeshPhase.Forming or MeshPhase.Running)
            {
                EndWorkload("stop requested", settle);
            }
            else if (Phase == MeshPhase.Settling && !settle)
            {
                EnterStopping("stop requested without settling");
            }
        }
    }

    /// <summary>The workload starts on a whole Unix second, so that the report's seconds are whole Unix seconds.</summary>
    private static DateTimeOffset OnWholeSecond(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds() + (time.UtcTicks % TimeSpan.TicksPerSecond > 0 ? 1 : 0));

    /// <summary>mesh-stopping marks the end of the workload: the report's window ends there.</summary>
    private void EndWorkload(string reason, bool settle)
    {
        StopAt ??= clock.GetUtcNow();
        events.Record("mesh-stopping", "", reason);
        if (settle && plan.SettleSeconds > 0)
        {
            Phase = MeshPhase.Settling;
            _settlingSince = clock.GetUtcNow();
        }
        else
        {
            EnterStopping(settle ? "no settle (0 s)" : "stop requested without settling");
        }
    }

    private void EnterStopping(string detail)
    {
        Phase = MeshPhase.Stopping;
        events.Record("settle-ended", "", detail);
    }
}
