using System.Text.Json;
using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Tests.Coordinator;

public sealed class TestPlanJsonTests
{
    [Fact]
    public void The_plans_gossip_reaches_peers_as_a_camel_case_name()
    {
        var plan = new TestPlan(3, 1000, 16, 2, 4, 1000, 5000, null, Gossip: GossipMode.Lazy);

        var json = JsonSerializer.Serialize(plan, CMeshJson.Options);

        Assert.Contains("\"gossip\":\"lazy\"", json);
        Assert.Equal(plan, JsonSerializer.Deserialize<TestPlan>(json, CMeshJson.Options));
    }

    [Fact]
    public void The_plans_workload_seed_reaches_peers()
    {
        var plan = new TestPlan(3, 1000, 16, 2, 4, 1000, 5000, null, WorkloadSeed: -7);

        var json = JsonSerializer.Serialize(plan, CMeshJson.Options);

        Assert.Contains("\"workloadSeed\":-7", json);
        Assert.Equal(plan, JsonSerializer.Deserialize<TestPlan>(json, CMeshJson.Options));
    }

    [Fact]
    public void A_plan_that_names_no_gossip_floods()
    {
        var json = JsonSerializer.Serialize(new TestPlan(3, 1000, 16, 2, 4, 1000, 5000, null), CMeshJson.Options).Replace(",\"gossip\":\"flood\"", "");

        Assert.DoesNotContain("gossip", json);
        Assert.Equal(GossipMode.Flood, JsonSerializer.Deserialize<TestPlan>(json, CMeshJson.Options)!.Gossip);
    }
}
