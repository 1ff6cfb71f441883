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

    [SkippableFact]
    public async Task A_registry_that_takes_one_login_gets_the_runs_images_with_the_login_docker_login_stored_and_a_wrong_one_starts_nothing()
    {
        swarm.Require();
        var missing = HostTools.Missing("docker-registry", "openssl", "curl", "htpasswd");
        Skip.If(missing is not null, missing);
        var ct = CancellationToken.None;
        var results = new ResultFiles(RunId);
        results.Delete();
        var config = Directory.CreateTempSubdirectory("cmesh-docker-config-").FullName;
        var up = await Shell.RunAsync(Script, ["up", "--login", "tester:right-password"], null, TimeSpan.FromMinutes(1));
        try
        {
            Assert.True(up.ExitCode == 0, up.ToString());

            // A login the registry refuses: refused before anything starts, in one line.
            WriteDockerConfig(config, "tester:wrong-password");
            var refused = await Shell.CmeshAsync(["run", "3", "--runner", "swarm", "--duration", "10s", "--name", RunId], Environment(config), TimeSpan.FromMinutes(3));
            output.WriteLine(refused.ToString());
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains($"CMESH_REGISTRY={Registry}: the registry refuses the login of tester at {Registry}", refused.StdOut + refused.StdErr);
            Assert.DoesNotContain("wrong-password", refused.StdOut + refused.StdErr);
            Assert.Empty(await swarm.Manager.Swarm.ListServicesAsync(new Dictionary<string, string> { ["cmesh.run"] = RunId }, ct));

            // The login `docker login` would have stored: the push, the services' pulls and the base image's all use it.
            // The workers first lose what an earlier run pulled from a registry at this address, so what they hold after came now.
            foreach (var (_, engine) in (await swarm.NodeEnginesAsync(ct)).Where(n => n.Node.Role == "worker"))
            {
                foreach (var tag in (await engine.Images.ListAsync(new Dictionary<string, string>(), ct)).SelectMany(i => i.Tags).Where(t => t.StartsWith($"{Registry}/", StringComparison.Ordinal)))
                {
                    await engine.Images.RemoveAsync(tag, force: true, ct);
                }
            }

            WriteDockerConfig(config, "tester:right-password");
            var run = await Shell.CmeshAsync(["run", "6", "--runner", "swarm", "--duration", "20s", "--name", RunId], Environment(config), TimeSpan.FromMinutes(8));
            output.WriteLine(run.ToString());
            Assert.True(run.ExitCode == 0, run.ToString());
            SwarmRunChecks.EveryUpdateDelivered(results, 6, minimumWrites: 15);
            foreach (var (node, engine) in (await swarm.NodeEnginesAsync(ct)).Where(n => n.Node.Role == "worker"))
            {
                var images = await engine.Images.ListAsync(new Dictionary<string, string>(), ct);
                Assert.True(images.Any(i => i.Tags.Any(t => t.StartsWith($"{Registry}/cmesh-peer:", StringComparison.Ordinal))), $"{node.Hostname} pulled no peer image from the registry");
            }

            await SwarmRunChecks.NothingLeftAsync(swarm, RunId, ct);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
            var down = await Shell.RunAsync(Script, ["down"], null, TimeSpan.FromMinutes(1));
            output.WriteLine(down.ToString());
        }
    }

    private static Dictionary<string, string> Environment(string dockerConfig) => new() { ["CMESH_REGISTRY"] = Registry, ["DOCKER_CONFIG"] = dockerConfig };

    /// <summary>config.json as `docker login` writes it without a credential store.</summary>
    private static void WriteDockerConfig(string directory, string userColonPassword) =>
        File.WriteAllText(
            Path.Combine(directory, "config.json"),
            JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [Registry] = new { auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(userColonPassword)) } } }));
}
