using CMesh.Docker.Engine;
using Xunit.Abstractions;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// A swarm run on workers whose engines the CLI is not told about (their cmesh.engine labels removed): the images go
/// through the registry, and everything the CLI does on those nodes goes through the run's agent on each, tunnelled by
/// the coordinator. Checked from outside, through each node's own engine.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class SwarmAgentTests(SwarmNodes swarm, ITestOutputHelper output)
{
    private const string RunId = "e2e-swarm-agent";
    private const string Registry = "10.213.0.1:5043";
    private const string EngineLabel = "cmesh.engine";

    private static readonly string RegistryScript = Path.Combine(Shell.RepositoryRoot, "docker", "swarm-registry.sh");

    private readonly SwarmChaos _chaos = new(RunId);

    [SkippableFact]
    public async Task Workers_without_engine_labels_get_chaos_and_node_faults_through_the_runs_agents_and_keep_nothing_after_stop()
    {
        swarm.Require();
        var missing = HostTools.Missing("docker-registry", "openssl", "curl");
        Skip.If(missing is not null, missing);
        var ct = CancellationToken.None;
        var nodes = await swarm.NodeEnginesAsync(ct);
        var workers = nodes.Where(n => n.Node.Role == "worker").Select(n => n.Node).ToList();
        _chaos.Results.Delete();
        var up = await Shell.RunAsync(RegistryScript, ["up"], null, TimeSpan.FromMinutes(1));
        try
        {
            Assert.True(up.ExitCode == 0, up.ToString());
            foreach (var worker in workers)
            {
                await Shell.DockerAsync("node", "update", "--label-rm", EngineLabel, worker.Hostname);
            }

            // Without a registry nothing could give those nodes the images: refused before anything starts.
            var refused = await Shell.CmeshAsync(["run", "6", "--runner", "swarm", "--name", RunId], null, TimeSpan.FromMinutes(3));
            Assert.True(refused.ExitCode == 2, refused.ToString());
            var refusal = Assert.Single(refused.StdErr.Split('\n'), l => l.StartsWith("cmesh: --runner swarm:", StringComparison.Ordinal));
            Assert.Contains("has no cmesh.engine label", refusal);
            Assert.Empty(await swarm.Manager.Swarm.ListServicesAsync(new Dictionary<string, string> { ["cmesh.run"] = RunId }, ct));

            await RunThroughAgentsAsync(nodes, ct);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await Shell.DockerAsync("node", "update", "--label-add", $"{EngineLabel}={worker.Labels[EngineLabel]}", worker.Hostname);
            }

            var down = await Shell.RunAsync(RegistryScript, ["down"], null, TimeSpan.FromMinutes(1));
            output.WriteLine(down.ToString());
        }

        // With the labels back, as the check reaches every node's own engine through them.
        await SwarmRunChecks.NothingLeftAsync(swarm, RunId, ct);
    }

    private async Task RunThroughAgentsAsync(IReadOnlyList<(SwarmNode Node, IDockerEngine Engine)> nodes, CancellationToken ct)
    {
        var started = await Shell.CmeshAsync(
            ["run", "6", "--runner", "swarm", "--name", RunId],
            new Dictionary<string, string>
            {
                ["CMESH_REGISTRY"] = Registry,
                // The fixture's worker engines listen on /run/docker-cmesh-nI.sock, each node's own; the swarm expands the template per node.
                ["CMESH_AGENT_SOCKET"] = "/run/docker-{{.Node.Hostname}}.sock",
            },
            TimeSpan.FromMinutes(8));
        output.WriteLine(started.ToString());
        var stopped = false;
        try
        {
            Assert.True(started.ExitCode == 0, started.ToString());
            var manager = nodes.Single(n => n.Node.Role == "manager").Node;
            var agents = await swarm.Manager.Swarm.ListTasksAsync([$"cmesh-{RunId}-agent"], ct);
            Assert.Equal(
                nodes.Where(n => n.Node.Role == "worker").Select(n => n.Node.Id).Order(),
                agents.Where(t => t.State == "running").Select(t => t.NodeId).Order());

            var peers = await _chaos.PeersAsync(nodes, ct);
            var onWorkers = peers.Where(p => p.Node != manager.Hostname).GroupBy(p => p.Node).ToList();
            Assert.True(onWorkers.Count == 2, $"peers on the workers: {string.Join(", ", peers.Select(p => $"{p.Name} on {p.Node}"))}");
            var (target, other) = (onWorkers[0].First(), onWorkers[1].First());

            // Loss on a worker's peer: the helper that drops its packets runs on the other worker, started there through that node's agent.
            var loss = await _chaos.StartAsync("loss", "20%", "--targets", target.Name, "--duration", "25s");
            var (lost, _) = await Namespaces.PingAsync(target.Pid, other.DataIp, count: 1000, intervalSeconds: 0.005);
            var otherEngine = nodes.Single(n => n.Node.Hostname == other.Node).Engine;
            var helpers = await otherEngine.Containers.ListAsync(
                new Dictionary<string, string> { ["cmesh.run"] = RunId, ["cmesh.role"] = "chaos-helper", ["cmesh.peer"] = other.Name }, includeStopped: false, ct);
            output.WriteLine(await ChaosMesh.FinishAsync(loss));
            Assert.InRange(lost, 16, 24);
            Assert.Single(helpers);
            Assert.Equal(0, (await Namespaces.PingAsync(target.Pid, other.DataIp, count: 200, intervalSeconds: 0.005)).LossPercent);

            // A kill of the worker's peer, through its node's agent; the revert is a fresh task on the same node.
            var (node, engine) = nodes.Single(n => n.Node.Hostname == target.Node);
            output.WriteLine(await ChaosMesh.FinishAsync(await _chaos.StartAsync("kill", "--targets", target.Name, "--duration", "5s")));
            var back = await Eventually.ResultAsync(
                async () => (await _chaos.PeersAsync([(node, engine)], ct)).SingleOrDefault(p => p.Name == target.Name),
                running => running is not null && running.ContainerId != target.ContainerId,
                TimeSpan.FromSeconds(60),
                _ => $"{target.Name} did not come back on {node.Hostname}");
            Assert.NotEqual(target.ContainerId, back!.ContainerId);
            Assert.DoesNotContain(_chaos.Results.ChaosEvents(), e => e.Event == "failed");

            var stop = await Shell.CmeshAsync("stop", RunId);
            stopped = true;
            output.WriteLine(stop.ToString());
            Assert.True(stop.ExitCode == 0, stop.ToString());
        }
        finally
        {
            if (!stopped)
            {
                output.WriteLine((await Shell.CmeshAsync("stop", RunId)).ToString());
            }
        }

        // The records of the peers on the workers came back through their agents, the killed one's too.
        foreach (var peer in Enumerable.Range(1, 6).Select(i => $"peer-{i}"))
        {
            Assert.True(File.Exists(Path.Combine(_chaos.Results.Directory, "peers", peer, "writes.csv")), $"{peer}'s writes.csv did not come back");
        }

        // The agents' own containers on the workers cannot be waited for through the agents: the swarm removes them just after.
        await Eventually.ResultAsync(
            async () =>
            {
                var left = 0;
                foreach (var (_, engine) in nodes)
                {
                    left += (await engine.Containers.ListAsync(new Dictionary<string, string> { ["cmesh.run"] = RunId }, includeStopped: true, ct)).Count;
                }

                return left;
            },
            left => left == 0,
            TimeSpan.FromSeconds(30),
            left => $"{left} containers of the run still on the nodes");
    }
}
