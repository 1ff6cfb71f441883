using CMesh.Common.Contracts;
using CMesh.Docker.Coordinator;

namespace CMesh.Docker.Mesh;

/// <summary>
/// Follows the workload through the coordinator's status. A coordinator that misses answers for a while (a saturated
/// host starves it) is asked again; only one silent for <see cref="SilenceLimit"/> ends the watch.
/// </summary>
public static class WorkloadWatch
{
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Returns once every peer has begun writing (the one start time the coordinator sets).</summary>
    public static async Task UntilStartedAsync(CoordinatorApi coordinator, TimeProvider clock, CancellationToken ct)
    {
        while (await StatusAsync(coordinator, clock, ct) is not { StartAt: { } start } || start > clock.GetUtcNow())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
        }
    }

    /// <summary>
    /// Returns the status in which the coordinator ends the workload (its duration elapsed: the mesh settles, then
    /// stops), reporting each one on the way.
    /// </summary>
    public static async Task<MeshStatus> UntilWorkloadEndsAsync(CoordinatorApi coordinator, IProgress<MeshStatus> progress, TimeProvider clock, CancellationToken ct)
    {
        while (true)
        {
            var status = await StatusAsync(coordinator, clock, ct);
            progress.Report(status);
            if (status.Phase >= MeshPhase.Settling)
            {
                return status;
            }

            await Task.Delay(Poll, clock, ct);
        }
    }

    /// <summary>The coordinator's status, asked again each second while it has been silent for less than the limit.</summary>
    public static async Task<MeshStatus> StatusAsync(CoordinatorApi coordinator, TimeProvider clock, CancellationToken ct)
    {
        var since = clock.GetUtcNow();
        while (true)
        {
            try
            {
                return await coordinator.StatusAsync(ct);
            }
            catch (HttpRequestException) when (clock.GetUtcNow() - since < SilenceLimit)
            {
                // Asked again below.
            }

            await Task.Delay(Poll, clock, ct);
        }
    }
}
