using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Swarm;

/// <summary>
/// The swarm runner's own flakiness (what sank Testground's Swarm runner): tasks of the run's services that failed
/// or were rejected, per member. With restart none a service has one task unless the swarm rescheduled a rejected
/// one, so a count above zero is the runner's failure, or a peer's own crash: either is worth seeing.
/// </summary>
public static class TaskFailures
{
    private static readonly HashSet<string> Failed = ["failed", "rejected"];

    /// <summary>Member (coordinator, peer-K) to its failed or rejected tasks; members with none are left out.</summary>
    public static IReadOnlyDictionary<string, int> Count(IReadOnlyList<ServiceInfo> services, IReadOnlyList<SwarmTask> tasks)
    {
        var members = services.ToDictionary(s => s.Id, Member);
        return tasks.Where(t => Failed.Contains(t.State) && members.ContainsKey(t.ServiceId))
            .GroupBy(t => members[t.ServiceId])
            .OrderBy(g => g.Key, CMesh.Common.NaturalOrder.Instance)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>One line per failed or rejected task: its member, state and the swarm's error (a failed run says why).</summary>
    public static IEnumerable<string> Describe(IReadOnlyList<ServiceInfo> services, IReadOnlyList<SwarmTask> tasks)
    {
        var members = services.ToDictionary(s => s.Id, Member);
        return tasks.Where(t => Failed.Contains(t.State) && members.ContainsKey(t.ServiceId))
            .Select(t => $"{members[t.ServiceId]}'s swarm task {t.State} on node {t.NodeId}: {(t.Error.Length > 0 ? t.Error : t.Message)}");
    }

    public static async Task<IReadOnlyDictionary<string, int>> CountAsync(IDockerEngine engine, RunInventory run, CancellationToken ct) =>
        run.Services.Count == 0
            ? new Dictionary<string, int>()
            : Count(run.Services, await engine.Swarm.ListTasksAsync(run.Services.Select(s => s.Id).ToList(), ct));

    private static string Member(ServiceInfo service) =>
        service.Labels.GetValueOrDefault(MeshLabels.Peer)
        ?? (service.Labels.GetValueOrDefault(MeshLabels.Role) == MeshLabels.CoordinatorRole ? MeshLabels.CoordinatorRole : service.Name);
}
