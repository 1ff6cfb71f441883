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

    private static SwarmTask Task(string service, string state, string error = "") =>
        new($"t-{service}-{state}", service, 1, "w2", state, "shutdown", "", error, "", null, null, new Dictionary<string, string>());

    [Fact]
    public void Failed_and_rejected_tasks_are_counted_per_member_and_the_others_are_not()
    {
        var tasks = new[]
        {
            Task("s0", "running"), Task("s1", "rejected", "No such image"), Task("s1", "failed", "task: non-zero exit (1)"),
            Task("s2", "complete"), Task("s2", "shutdown"), Task("other", "failed"),
        };

        var failures = TaskFailures.Count(Services, tasks);

        Assert.Equal(new Dictionary<string, int> { ["peer-1"] = 2 }, failures);
    }

    [Fact]
    public void Each_failed_task_is_described_with_its_member_node_and_error()
    {
        var lines = TaskFailures.Describe(Services, [Task("s0", "rejected", "No such image: cmesh-coordinator:c")]);

        Assert.Equal(["coordinator's swarm task rejected on node w2: No such image: cmesh-coordinator:c"], lines);
    }
}
