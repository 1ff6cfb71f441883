using Xunit.Abstractions;

namespace CMesh.EndToEnd.Tests;

/// <summary>`cmesh run --runner swarm` on the smallest swarm, the host's engine alone: the runner works where a user starts.</summary>
[Collection(OneNodeSwarmCollection.Name)]
public sealed class SwarmSmokeTests(OneNodeSwarm swarm, ITestOutputHelper output)
{
    private const string RunId = "e2e-swarm-one";

    [SkippableFact]
    public async Task Three_peers_on_a_one_node_swarm_deliver_every_update_and_leave_nothing_behind()
    {
        swarm.Require();
        var results = new ResultFiles(RunId);
        results.Delete();

        var run = await Shell.CmeshAsync(["run", "3", "--runner", "swarm", "--duration", "15s", "--name", RunId], null, TimeSpan.FromMinutes(5));

        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("swarm tasks failed or rejected: 0", run.StdOut + run.StdErr);
        SwarmRunChecks.EveryUpdateDelivered(results, 3, minimumWrites: 10);
        await SwarmRunChecks.NothingLeftAsync(swarm, RunId, CancellationToken.None);
    }
}
