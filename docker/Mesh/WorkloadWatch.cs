using CMesh.Common.Contracts;
using CMesh.Docker.Coordinator;

namespace CMesh.Docker.Mesh;

/// <summary>Follows the workload from the coordinator's status: until it starts, and until the coordinator ends it.</summary>
public static class WorkloadWatch
{
    /// <summary>Returns once every peer has begun writing (the one start time the coordinator sets).</summary>
    public static async Task UntilStartedAsync(CoordinatorApi coordinator, TimeProvider clock, CancellationToken ct)
    {
        while ((await coordinator.StatusAsync(ct)).StartAt is not { } start || start > clock.GetUtcNow())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    /// <summary>
    /// Returns the status in which the coordinator ends the workload (its duration elapsed: the mesh settles, then
    /// stops), reporting each one on the way.
    /// </summary>
    public static async Task<MeshStatus> UntilWorkloadEndsAsync(CoordinatorApi coordinator, IProgress<MeshStatus> progress, CancellationToken ct)
    {
        while (true)
        {
            var status = await coordinator.StatusAsync(ct);
            progress.Report(status);
            if (status.Phase >= MeshPhase.Settling)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }
}
