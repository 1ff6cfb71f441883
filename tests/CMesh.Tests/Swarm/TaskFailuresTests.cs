using CMesh.Common.Contracts;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;
using CMesh.Docker.Swarm;

namespace CMesh.Tests.Swarm;

public sealed class TaskFailuresTests
{
    private static readonly IReadOnlyList<ServiceInfo> Services =
    [
        new("s0", "cmesh-r1-coordinator", "c", 1, new Dictionary<string, string> { [MeshLabels.Role] = MeshLabels.CoordinatorRole }, null),
        new("s1", "cmesh-r1-peer-1", "p", 1, new Dictionary<string, string> { [MeshLabels.Role] = MeshLabels.PeerRole, [MeshLabels.Peer] = "peer-1" }, null),
        new("s2", "cmesh-r1-peer-2", "p", 1, new Dictionary<string, string> { [MeshLabels.Role] = MeshLabels.PeerRole, [MeshLabels.Peer] = "peer-2" }, null),
    ];

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static SwarmTask Task(string service, string state, string error = "", DateTimeOffset? endedAt = null) =>
        new($"t-{service}-{state}-{endedAt?.ToUnixTimeSeconds()}", service, 1, "w2", state, "shutdown", "", error, "", null, endedAt, new Dictionary<string, string>());

    private static ChaosEvent Row(string @event, string id, string kind, string targets, DateTimeOffset at) =>
        new(at.ToUnixTimeMilliseconds() * 1000, @event, id, kind, targets, "", "docker", @event == ChaosEvent.End ? "duration" : "");

    [Fact]
    public void Failed_and_rejected_tasks_are_counted_per_member_and_the_others_are_not()
    {
        var tasks = new[]
        {
            Task("s0", "running"), Task("s1", "rejected", "No such image"), Task("s1", "failed", "task: non-zero exit (1)"),
            Task("s2", "complete"), Task("s2", "shutdown"), Task("other", "failed"),
        };

        var failures = TaskFailures.Count(Services, tasks, []);

        Assert.Equal(new Dictionary<string, int> { ["peer-1"] = 2 }, failures.ByMember);
        Assert.Equal((2, 0), (failures.Total, failures.EndedByChaos));
    }

    [Fact]
    public void A_task_a_stopping_fault_ended_on_its_target_while_in_force_is_counted_apart_and_any_other_failure_is_not()
    {
        var chaos = new[]
        {
            Row(ChaosEvent.Start, "f1", "churn", "peer-1", T0),
            Row(ChaosEvent.End, "f1", "churn", "peer-1", T0.AddSeconds(20)),
            Row(ChaosEvent.Start, "f2", "loss", "peer-2", T0),
            Row(ChaosEvent.Start, "f3", "kill", "peer-2", T0.AddSeconds(100)),
        };
        var tasks = new[]
        {
            Task("s1", "failed", "task: non-zero exit (137)", T0.AddSeconds(-2)),
            Task("s1", "failed", "task: non-zero exit (137)", T0.AddSeconds(6)),
            Task("s1", "failed", "task: non-zero exit (137)", T0.AddSeconds(23)),
            Task("s1", "failed", "task: non-zero exit (1)", T0.AddSeconds(60)),
            Task("s2", "failed", "task: non-zero exit (1)", T0.AddSeconds(10)),
            Task("s2", "failed", "task: non-zero exit (1)", T0.AddSeconds(30)),
            Task("s2", "failed", "task: non-zero exit (137)", T0.AddSeconds(500)),
        };

        var failures = TaskFailures.Count(Services, tasks, chaos);

        // peer-1: three kills of the churn (one stamped as it was applied, before its start row, one within the slack
        // after its end), then a crash of its own; peer-2: two crashes under a loss fault, which stops nothing (the
        // second too far before the kill fault's start to be its), then a kill by a fault still in force.
        Assert.Equal(new Dictionary<string, int> { ["peer-1"] = 1, ["peer-2"] = 2 }, failures.ByMember);
        Assert.Equal(4, failures.EndedByChaos);
    }

    [Fact]
    public void A_start_row_that_records_when_its_application_began_opens_the_window_there_not_a_minute_before()
    {
        var chaos = new[] { Row(ChaosEvent.Start, "f1", "stop", "peer-1", T0) with { BeganUnixUs = T0.AddSeconds(-12).ToUnixTimeMilliseconds() * 1000 } };
        var tasks = new[]
        {
            Task("s1", "failed", "task: non-zero exit (1)", T0.AddSeconds(-30)),
            Task("s1", "failed", "task: non-zero exit (137)", T0.AddSeconds(-2)),
        };

        var failures = TaskFailures.Count(Services, tasks, chaos);

        // The stop began 12 s before its row (its grace): the task that ended then is the fault's; the one that ended
        // 18 s before the stop began is peer-1's own, which the minute's allowance of an older row would have excused.
        Assert.Equal(new Dictionary<string, int> { ["peer-1"] = 1 }, failures.ByMember);
        Assert.Equal(1, failures.EndedByChaos);
    }

    [Fact]
    public void Each_failed_task_is_described_with_its_member_node_and_error()
    {
        var lines = TaskFailures.Describe(Services, [Task("s0", "rejected", "No such image: cmesh-coordinator:c")]);

        Assert.Equal(["coordinator's swarm task rejected on node w2: No such image: cmesh-coordinator:c"], lines);
    }
}
