using CMesh.Common.Contracts;
using CMesh.Docker.Coordinator;

namespace CMesh.Docker.Mesh;

/// <summary>Follows the workload until the coordinator ends it (its duration elapsed), reporting each status on the way.</summary>
public static class WorkloadWatch
{
    public static async Task<MeshStatus> UntilStoppingAsync(CoordinatorApi coordinator, IProgress<MeshStatus> progress, CancellationToken ct)
    {
        while (true)
        {
            var status = await coordinator.StatusAsync(ct);
            progress.Report(status);
            if (status.Phase == MeshPhase.Stopping)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }
}
