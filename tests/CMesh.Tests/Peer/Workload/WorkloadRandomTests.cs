using CMesh.Common.Contracts;
using CMesh.Peer.Workload;

namespace CMesh.Tests.Peer.Workload;

public sealed class WorkloadRandomTests
{
    private static readonly TestPlan Plan = new(3, 1000, 16, 2, 4, 1000, 5000, null);

    [Fact]
    public void A_seeded_plan_gives_each_peer_the_same_draws_in_every_run_and_each_peer_its_own()
    {
        var seeded = Plan with { WorkloadSeed = 42 };

        Assert.Equal(Draws(seeded, "peer-1"), Draws(seeded, "peer-1"));
        Assert.NotEqual(Draws(seeded, "peer-1"), Draws(seeded, "peer-2"));
        Assert.NotEqual(Draws(seeded, "peer-1"), Draws(Plan with { WorkloadSeed = 43 }, "peer-1"));
    }

    [Fact]
    public void Without_a_seed_each_run_draws_afresh()
    {
        Assert.NotEqual(Draws(Plan, "peer-1"), Draws(Plan, "peer-1"));
    }

    private static double[] Draws(TestPlan plan, string peerId)
    {
        var random = WorkloadRandom.For(plan, peerId);
        return [.. Enumerable.Range(0, 4).Select(_ => random.NextDouble())];
    }
}
