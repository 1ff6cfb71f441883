using CMesh.Common.Contracts;
using CMesh.Docker.Images;
using CMesh.Docker.Mesh;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Tests.Docker;

public sealed class MeshSpecsTests
{
    [Theory]
    [InlineData(GossipMode.Flood)]
    [InlineData(GossipMode.Lazy)]
    public void The_coordinator_is_told_the_gossip_it_hands_to_every_peer(GossipMode gossip)
    {
        var plan = new TestPlan(3, 1000, 16, 2, 4, 1000, 5000, null, Gossip: gossip);
        var environment = MeshSpecs.Coordinator(Request(plan), []).Environment;

        Assert.Equal(gossip, Enum.Parse<GossipMode>(environment[Env.Gossip], ignoreCase: true));
    }

    [Fact]
    public void The_coordinator_is_told_the_workload_seed_only_when_the_run_has_one()
    {
        var plan = new TestPlan(3, 1000, 16, 2, 4, 1000, 5000, null);

        Assert.Equal("42", MeshSpecs.Coordinator(Request(plan with { WorkloadSeed = 42 }), []).Environment[Env.WorkloadSeed]);
        Assert.False(MeshSpecs.Coordinator(Request(plan), []).Environment.ContainsKey(Env.WorkloadSeed));
    }

    private static RunRequest Request(TestPlan plan) =>
        new("r1", plan, new MeshImageSet("base", "id", "coordinator", "peer", null), "/tmp/r1", new Dictionary<string, string>(), 8, TimeSpan.FromMinutes(1));
}
