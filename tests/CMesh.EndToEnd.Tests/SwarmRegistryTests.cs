using System.Text.Json;
using Xunit.Abstractions;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// CMESH_REGISTRY on the swarm of <see cref="SwarmNodes"/>: the run's images go through a registry (docker/swarm-registry.sh,
/// on the swarm's bridge) and every worker's own engine pulled them from there, by the registry's name.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class SwarmRegistryTests(SwarmNodes swarm, ITestOutputHelper output)
{
    private const string RunId = "e2e-swarm-registry";
    private const string Registry = "10.213.0.1:5043";

    private static readonly string Script = Path.Combine(Shell.RepositoryRoot, "docker", "swarm-registry.sh");

    [SkippableFact]
    public async Task With_a_registry_set_the_nodes_pull_the_runs_images_from_it_and_every_update_is_delivered()
    {
        swarm.Require();
        var missing = HostTools.Missing("docker-registry", "openssl", "curl");
        Skip.If(missing is not null, missing);
        var ct = CancellationToken.None;
        var results = new ResultFiles(RunId);
        results.Delete();
        var up = await Shell.RunAsync(Script, ["up"], null, TimeSpan.FromMinutes(1));
        try
        {
            Assert.True(up.ExitCode == 0, up.ToString());

            var run = await Shell.CmeshAsync(
                ["run", "6", "--runner", "swarm", "--duration", "20s", "--name", RunId], new Dictionary<string, string> { ["CMESH_REGISTRY"] = Registry }, TimeSpan.FromMinutes(8));

            output.WriteLine(run.ToString());
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains($"images pushed to {Registry}", run.StdOut + run.StdErr);
            SwarmRunChecks.EveryUpdateDelivered(results, 6, minimumWrites: 15);
            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(results.Directory, "run.json")));
            Assert.Equal(Registry, manifest.RootElement.GetProperty("runner").GetProperty("imageRegistry").GetString());
            var peerImage = $"{Registry}/{manifest.RootElement.GetProperty("images").GetProperty("peer").GetString()}";
            foreach (var (node, engine) in (await swarm.NodeEnginesAsync(ct)).Where(n => n.Node.Role == "worker"))
            {
                var pulled = await engine.Images.InspectAsync(peerImage, ct);
                Assert.True(pulled is not null, $"{node.Hostname} has no {peerImage}: its engine did not pull from the registry");
            }

            await SwarmRunChecks.NothingLeftAsync(swarm, RunId, ct);
        }
        finally
        {
            var down = await Shell.RunAsync(Script, ["down"], null, TimeSpan.FromMinutes(1));
            output.WriteLine(down.ToString());
        }
    }
}
