using CMesh.Chaos.Faults;
using CMesh.Common.Contracts;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Swarm;

/// <summary>
/// The swarm runner's own flakiness (what sank Testground's Swarm runner): tasks of the run's services that failed
/// or were rejected, per member. With restart none a service has one task unless the swarm rescheduled a rejected
/// one, so a count above zero is the runner's failure, or a peer's own crash: either is worth seeing. A task that a
/// kill, stop, restart or churn fault ended is neither, so it is counted apart: one of a member such a fault
/// targeted, that ended while the fault was in force (from when its application began, which its start row records).
/// </summary>
public static class TaskFailures
{
    private static readonly HashSet<string> Failed = ["failed", "rejected"];

    /// <summary>The swarm stamps a task's end a moment after the kill that caused it.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A fault's start row is written once it is applied: after a kill, or after a stop's grace (10 s by default), and
    /// through an agent's tunnel later still. A row that does not say when the application began (chaos.csv before
    /// began_unix_us) opens its window this much before itself.
    /// </summary>
    private static readonly TimeSpan ApplyAllowance = TimeSpan.FromSeconds(60);

    /// <summary>Member (coordinator, peer-K) to its failed or rejected tasks that no fault ended; members with none are left out.</summary>
    public static TaskFailureCount Count(IReadOnlyList<ServiceInfo> services, IReadOnlyList<SwarmTask> tasks, IReadOnlyList<ChaosEvent> chaos)
    {
        var members = services.ToDictionary(s => s.Id, Member);
        var failed = tasks.Where(t => Failed.Contains(t.State) && members.ContainsKey(t.ServiceId)).ToList();
        var windows = StoppingWindows(chaos);
        var endedByChaos = failed.Where(t => windows.Any(w => w.Covers(members[t.ServiceId], t.Timestamp))).ToHashSet();
        var byMember = failed.Except(endedByChaos)
            .GroupBy(t => members[t.ServiceId])
            .OrderBy(g => g.Key, CMesh.Common.NaturalOrder.Instance)
            .ToDictionary(g => g.Key, g => g.Count());
        return new TaskFailureCount(byMember, endedByChaos.Count);
    }

    /// <summary>One line per failed or rejected task: its member, state and the swarm's error (a failed run says why).</summary>
    public static IEnumerable<string> Describe(IReadOnlyList<ServiceInfo> services, IReadOnlyList<SwarmTask> tasks)
    {
        var members = services.ToDictionary(s => s.Id, Member);
        return tasks.Where(t => Failed.Contains(t.State) && members.ContainsKey(t.ServiceId))
            .Select(t => $"{members[t.ServiceId]}'s swarm task {t.State} on node {t.NodeId}: {(t.Error.Length > 0 ? t.Error : t.Message)}");
    }

    public static async Task<TaskFailureCount> CountAsync(IDockerEngine engine, RunInventory run, IReadOnlyList<ChaosEvent> chaos, CancellationToken ct) =>
        run.Services.Count == 0
            ? new TaskFailureCount(new Dictionary<string, int>(), 0)
            : Count(run.Services, await engine.Swarm.ListTasksAsync(run.Services.Select(s => s.Id).ToList(), ct), chaos);

    /// <summary>When each fault that stops members held, from its start row to its end or failure row (still in force: open).</summary>
    private static List<StoppingWindow> StoppingWindows(IReadOnlyList<ChaosEvent> chaos)
    {
        var finished = chaos.Where(e => e.Event is ChaosEvent.End or ChaosEvent.Failed).GroupBy(e => e.FaultId).ToDictionary(g => g.Key, g => g.Max(e => e.TimeUnixUs));
        return chaos
            .Where(e => e.Event == ChaosEvent.Start && FaultKinds.All.Any(kind => kind.Name == e.Kind && kind.StopsMembers))
            .Select(e => new StoppingWindow(
                e.TargetNames.ToHashSet(),
                e.BeganUnixUs is { } began ? At(began) - Slack : At(e.TimeUnixUs) - ApplyAllowance,
                finished.TryGetValue(e.FaultId, out var end) ? At(end) + Slack : DateTimeOffset.MaxValue))
            .ToList();
    }

    private static DateTimeOffset At(long unixUs) => DateTimeOffset.FromUnixTimeMilliseconds(unixUs / 1000);

    private static string Member(ServiceInfo service) =>
        service.Labels.GetValueOrDefault(MeshLabels.Peer)
        ?? (service.Labels.GetValueOrDefault(MeshLabels.Role) == MeshLabels.CoordinatorRole ? MeshLabels.CoordinatorRole : service.Name);
}

/// <summary>Failed or rejected tasks per member that no fault ended, and how many a fault did end.</summary>
public sealed record TaskFailureCount(IReadOnlyDictionary<string, int> ByMember, int EndedByChaos)
{
    public int Total => ByMember.Values.Sum();
}

internal sealed record StoppingWindow(IReadOnlySet<string> Members, DateTimeOffset From, DateTimeOffset To)
{
    public bool Covers(string member, DateTimeOffset? endedAt) => Members.Contains(member) && endedAt is { } at && at >= From && at <= To;
}
