using System.Text.Json;
using CMesh.Common.Records;
using CMesh.Docker.Engine;
using Xunit.Abstractions;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// Results and secrets of a swarm run on real machines, on the 3-node swarm of <see cref="SwarmNodes"/>: peers on the
/// workers write to a results volume of their node (not a bind of the CLI's folder, which another machine would not
/// have), their records come back to results/RUN/ at the end (a killed peer's too) and after a killed CLI (`cmesh
/// clean`), the secrets arrive as swarm secrets, and nothing of the run is left on any node.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class SwarmRecordsTests(SwarmNodes swarm, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Records_of_peers_on_other_nodes_come_back_a_killed_ones_too_and_nothing_of_the_run_is_left_on_any_node()
    {
        swarm.Require();
        const string runId = "e2e-swarm-records";
        var ct = CancellationToken.None;
        var results = new ResultFiles(runId);
        results.Delete();

        var run = Shell.CmeshAsync(["run", "6", "--runner", "swarm", "--duration", "40s", "--name", runId], null, TimeSpan.FromMinutes(6));
        var remote = await RemotePeersWhenRunningAsync(runId, 6, 4, run, ct);
        foreach (var peer in remote)
        {
            await AssertWritesToItsNodesVolumeAsync(peer, runId);
        }

        var victim = remote[0];
        await AssertSecretIsAFileForItsUidAloneAsync(victim);
        // Let it write for a while, then kill it through its own node's engine, as a crash on that machine would.
        await Task.Delay(TimeSpan.FromSeconds(12), ct);
        await victim.Engine.Containers.KillAsync(victim.ContainerId, "SIGKILL", ct);
        output.WriteLine($"killed {victim.Peer} on {victim.Hostname}");
        var result = await run;

        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode is 0 or 1, result.ToString());
        Assert.Contains("swarm: records of", result.StdOut + result.StdErr);
        Assert.Contains("ready", result.StdOut);
        foreach (var peer in remote)
        {
            var writes = results.Records<WriteRecord>(peer.Peer);
            var deliveries = results.Records<DeliveryRecord>(peer.Peer);
            Assert.True(writes.Count > 0, $"{peer.Peer} on {peer.Hostname}: no writes.csv records came back");
            Assert.True(deliveries.Count > 0, $"{peer.Peer} on {peer.Hostname}: no deliveries.csv records came back");
            if (peer != victim)
            {
                Assert.True(writes.Count >= 30, $"{peer.Peer} on {peer.Hostname}: only {writes.Count} writes came back from 40 s");
                Assert.True(File.Exists(results.PeerFile(peer.Peer, "summary.json")), $"{peer.Peer}'s summary.json did not come back");
            }
        }

        // The coordinator and the peers read the swarm key from the secret: without it none would have registered.
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(results.Directory, "run.json")));
        Assert.True(manifest.RootElement.GetProperty("timeToReadySeconds").GetDouble() > 0);
        await AssertNothingOfTheRunLeftAsync(runId, ct);
    }

    [SkippableFact]
    public async Task Cmesh_clean_after_the_cli_was_killed_brings_back_remote_peers_records_and_leaves_nothing_on_any_node()
    {
        swarm.Require();
        const string runId = "e2e-swarm-crash";
        var ct = CancellationToken.None;
        var results = new ResultFiles(runId);
        results.Delete();

        using var cli = Shell.StartCmesh("run", "3", "--runner", "swarm", "--duration", "120s", "--name", runId);
        var remote = await RemotePeersWhenRunningAsync(runId, 3, 2, cli.WaitForExitAsync(ct), ct);
        // Records the volumes of those nodes hold: wait until every remote peer wrote some (10 rows below the header),
        // read through its own node's engine.
        foreach (var writer in remote)
        {
            await Eventually.ResultAsync(
                () => writer.Engine.Containers.ExecAsync(writer.ContainerId, ["sh", "-c", $"cat /results/peers/{writer.Peer}/writes.csv | wc -l"], ct),
                r => int.TryParse(r.StdOut.Trim(), out var lines) && lines >= 11,
                TimeSpan.FromMinutes(2),
                r => $"{writer.Peer} on {writer.Hostname} wrote too little: {r.StdOut}{r.StdErr}");
        }

        cli.Kill();
        await cli.WaitForExitAsync(ct);
        Assert.All(remote, p => Assert.False(File.Exists(results.PeerFile(p.Peer, "writes.csv")), $"{p.Peer}'s records were in the CLI's folder before any collection"));

        var clean = await Shell.CmeshAsync("clean");

        output.WriteLine(clean.ToString());
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Contains("swarm: records of", clean.StdOut + clean.StdErr);
        foreach (var peer in remote)
        {
            var writes = results.Records<WriteRecord>(peer.Peer);
            Assert.True(writes.Count >= 10, $"{peer.Peer} on {peer.Hostname}: {writes.Count} writes came back after cmesh clean");
        }

        await AssertNothingOfTheRunLeftAsync(runId, ct);
    }

    /// <summary>A peer whose task runs on a worker, with its node's engine and endpoint.</summary>
    private sealed record RemotePeer(string Peer, string Hostname, string Endpoint, IDockerEngine Engine, string ContainerId);

    /// <summary>From outside, while the run starts: once every peer's task runs, those on workers (at least <paramref name="atLeast"/>).</summary>
    private async Task<IReadOnlyList<RemotePeer>> RemotePeersWhenRunningAsync(string runId, int peers, int atLeast, Task cli, CancellationToken ct)
    {
        var labels = new Dictionary<string, string> { ["cmesh.run"] = runId };
        var nodes = await swarm.NodeEnginesAsync(ct);
        var membership = await swarm.Manager.Swarm.MembershipAsync(ct);
        var endpoints = (await swarm.Manager.Swarm.NodesAsync(ct)).ToDictionary(n => n.Id, n => n.Labels.GetValueOrDefault("cmesh.engine") ?? "");
        return await Eventually.ResultAsync(
            async () =>
            {
                Assert.False(cli.IsCompleted, "the CLI ended before every peer ran");
                var services = (await swarm.Manager.Swarm.ListServicesAsync(labels, ct)).Where(s => s.Labels.ContainsKey("cmesh.peer")).ToList();
                if (services.Count < peers)
                {
                    return [];
                }

                var peerOf = services.ToDictionary(s => s.Id, s => s.Labels["cmesh.peer"]);
                var running = (await swarm.Manager.Swarm.ListTasksAsync(services.Select(s => s.Id).ToList(), ct)).Where(t => t.State == "running").ToList();
                return running.Count < peers
                    ? []
                    : running.Where(t => t.NodeId != membership.NodeId)
                        .Select(t =>
                        {
                            var (node, engine) = nodes.Single(n => n.Node.Id == t.NodeId);
                            return new RemotePeer(peerOf[t.ServiceId], node.Hostname, endpoints[t.NodeId], engine, t.ContainerId);
                        })
                        .OrderBy(p => p.Peer, StringComparer.Ordinal)
                        .ToList();
            },
            remote => remote.Count >= atLeast,
            TimeSpan.FromMinutes(4),
            remote => $"only {remote.Count} peers ran on workers",
            every: TimeSpan.FromSeconds(1));
    }

    /// <summary>Its node's engine says: /results is the run's named volume there, and no path of this machine is bound.</summary>
    private async Task AssertWritesToItsNodesVolumeAsync(RemotePeer peer, string runId)
    {
        var inspect = await Shell.RunAsync("docker", ["-H", peer.Endpoint, "inspect", "-f", "{{json .Mounts}}", peer.ContainerId], null, TimeSpan.FromMinutes(1));
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        using var mounts = JsonDocument.Parse(inspect.StdOut);
        var all = mounts.RootElement.EnumerateArray().Select(m => (Type: m.GetProperty("Type").GetString(), Name: m.TryGetProperty("Name", out var n) ? n.GetString() : null, Destination: m.GetProperty("Destination").GetString())).ToList();
        output.WriteLine($"{peer.Peer} on {peer.Hostname}: {inspect.StdOut.Trim()}");
        Assert.Contains(("volume", $"cmesh-{runId}-results", "/results"), all);
        Assert.DoesNotContain(all, m => m.Type == "bind");
    }

    /// <summary>The swarm key is a file at /run/secrets, readable by root (the uid the peer runs as) alone, and in no environment variable.</summary>
    private async Task AssertSecretIsAFileForItsUidAloneAsync(RemotePeer peer)
    {
        var listed = await peer.Engine.Containers.ExecAsync(peer.ContainerId, ["ls", "-ln", "/run/secrets/swarm_key"], CancellationToken.None);
        Assert.True(listed.ExitCode == 0, listed.StdErr);
        var fields = listed.StdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(("-r--------", "0", "0"), (fields[0], fields[2], fields[3]));
        var environment = await Shell.RunAsync("docker", ["-H", peer.Endpoint, "inspect", "-f", "{{json .Config.Env}}", peer.ContainerId], null, TimeSpan.FromMinutes(1));
        Assert.DoesNotContain("swarm_key", environment.StdOut, StringComparison.OrdinalIgnoreCase);
    }

    private async Task AssertNothingOfTheRunLeftAsync(string runId, CancellationToken ct)
    {
        var labels = new Dictionary<string, string> { ["cmesh.run"] = runId };
        Assert.Empty(await swarm.Manager.Swarm.ListServicesAsync(labels, ct));
        Assert.Empty(await swarm.Manager.Swarm.ListSecretsAsync(labels, ct));
        foreach (var (node, engine) in await swarm.NodeEnginesAsync(ct))
        {
            Assert.True((await engine.Containers.ListAsync(labels, includeStopped: true, ct)).Count == 0, $"containers of the run left on {node.Hostname}");
            Assert.True((await engine.Networks.ListAsync(labels, ct)).Count == 0, $"networks of the run left on {node.Hostname}");
            Assert.True((await engine.Volumes.ListAsync(labels, ct)).Count == 0, $"volumes of the run left on {node.Hostname}");
        }
    }
}
