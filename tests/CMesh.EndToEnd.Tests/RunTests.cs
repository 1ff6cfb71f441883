using CMesh.Common.Records;
using System.Text.Json;

namespace CMesh.EndToEnd.Tests;

[Collection(MeshCollection.Name)]
public sealed class RunTests
{
    [Fact]
    public async Task A_five_peer_run_delivers_every_writers_updates_to_every_peer_and_leaves_nothing_behind()
    {
        var results = new ResultFiles("e2e-five");
        results.Delete();

        var run = await Shell.CmeshAsync("run", "5", "--duration", "20s", "--name", "e2e-five");

        Assert.True(run.ExitCode == 0, run.ToString());
        var peers = Enumerable.Range(1, 5).Select(i => $"peer-{i}").ToList();
        foreach (var reader in peers)
        {
            var deliveries = results.Records<DeliveryRecord>(reader);
            foreach (var writer in peers.Where(p => p != reader))
            {
                var fromWriter = deliveries.Where(r => r.Writer == writer).ToList();
                var written = results.Records<WriteRecord>(writer).Count;
                Assert.True(written >= 15, $"{writer} wrote only {written} updates in 20 s");
                Assert.True(fromWriter.Count >= written - 2, $"{reader} received {fromWriter.Count} of {written} updates from {writer}");
                Assert.All(fromWriter, r => Assert.True(r.ReceivedAtUs >= r.WrittenAtUs, "received before written"));
            }
        }

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(results.Directory, "run.json")));
        Assert.Equal(5, manifest.RootElement.GetProperty("plan").GetProperty("peers").GetInt32());
        Assert.Equal(JsonValueKind.String, manifest.RootElement.GetProperty("stoppedAt").ValueKind);
        Assert.Empty(await Shell.DockerIdsAsync("container", "label=cmesh.run=e2e-five"));
        Assert.Empty(await Shell.DockerIdsAsync("network", "label=cmesh.run=e2e-five"));
    }

    [Fact]
    public async Task Two_runs_with_one_seed_write_on_the_same_schedule_each_peer_at_its_own_offset()
    {
        var offsets = new List<IReadOnlyList<long>>();
        foreach (var runId in new[] { "e2e-seed-a", "e2e-seed-b" })
        {
            var results = new ResultFiles(runId);
            results.Delete();
            var run = await Shell.CmeshAsync("run", "3", "--duration", "6s", "--write-interval", "3s", "--seed", "7", "--name", runId);
            Assert.True(run.ExitCode == 0, run.ToString());

            var scheduled = results.CoordinatorEvents().Single(e => e.Event == "workload-scheduled").Detail;
            var startUs = long.Parse(scheduled.Split('=')[1]);
            offsets.Add([.. Enumerable.Range(1, 3).Select(i =>
                results.Records<WriteRecord>($"peer-{i}").Where(w => w.DueAtUs >= startUs).Min(w => w.DueAtUs) - startUs)]);
        }

        Assert.Equal(offsets[0], offsets[1]);
        Assert.Equal(3, offsets[0].Distinct().Count());
        Assert.All(offsets[0], offset => Assert.InRange(offset, 0, 3_000_000 - 1));
    }

    [Fact]
    public async Task A_mesh_without_duration_stays_up_with_its_labels_networks_and_read_only_secrets_until_stopped()
    {
        await using var run = await StartedRun.StartAsync("e2e-up", "3");

        var running = await Shell.DockerIdsAsync("container", "label=cmesh.run=e2e-up");
        Assert.Equal(4, running.Count);
        Assert.Equal(2, (await Shell.DockerIdsAsync("network", "label=cmesh.run=e2e-up")).Count);
        Assert.Equal("true", await Shell.DockerAsync("network", "inspect", "-f", "{{.Internal}}", "cmesh-e2e-up-data"));

        var coordinatorPorts = await Shell.DockerAsync("inspect", "-f", "{{json .NetworkSettings.Ports}}", "cmesh-e2e-up-coordinator");
        Assert.Contains("\"HostIp\":\"127.0.0.1\"", coordinatorPorts);
        Assert.DoesNotContain("0.0.0.0", coordinatorPorts);

        var peerEnvironment = await Shell.DockerAsync("inspect", "-f", "{{json .Config.Env}}", "cmesh-e2e-up-peer-1");
        Assert.DoesNotContain("SWARM_KEY", peerEnvironment, StringComparison.OrdinalIgnoreCase);
        var secretMount = await Shell.DockerAsync("inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/run/secrets\"}}{{.RW}}{{end}}{{end}}", "cmesh-e2e-up-peer-1");
        Assert.Equal("false", secretMount);

        var status = await Shell.CmeshAsync("status", "e2e-up", "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        using (var document = JsonDocument.Parse(status.StdOut))
        {
            var states = document.RootElement.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("state").GetString()).ToList();
            Assert.Equal(3, states.Count);
            Assert.All(states, s => Assert.Contains(s, new[] { "ready", "running" }));
        }

        var ls = await Shell.CmeshAsync("ls");
        Assert.Contains("e2e-up", ls.StdOut);
        using var watch = Shell.StartCmesh("watch", "e2e-up");
        var watched = watch.StandardOutput.ReadToEndAsync();

        var stop = await run.StopAsync();

        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(30)), "watch goes on after every container has stopped");
        var lines = (await watched).Split('\n');
        Assert.Contains(lines, l => l.StartsWith("coordinator |"));
        Assert.Contains(lines, l => l.StartsWith("peer-2      |") && l.Contains("registered"));
        Assert.Empty(await Shell.DockerIdsAsync("container", "label=cmesh.run=e2e-up"));
        Assert.Empty(await Shell.DockerIdsAsync("network", "label=cmesh.run=e2e-up"));
        var summary = new ResultFiles("e2e-up").PeerFile("peer-1", PeerSummary.FileName);
        Assert.True(File.Exists(summary), "a stopped peer writes its summary before it exits");
    }

    [Fact]
    public async Task Killing_the_cli_mid_run_then_cmesh_clean_leaves_nothing_behind_and_keeps_the_results()
    {
        var results = new ResultFiles("e2e-kill");
        results.Delete();
        using var cli = Shell.StartCmesh("run", "4", "--duration", "120s", "--name", "e2e-kill");
        await Eventually.TrueAsync(() => results.Records<DeliveryRecord>("peer-1").Count >= 5, TimeSpan.FromMinutes(3), "the run never got to deliver updates", cli);

        cli.Kill();
        await cli.WaitForExitAsync();
        Assert.NotEmpty(await Shell.DockerIdsAsync("container", "label=cmesh.run=e2e-kill"));
        var recorded = results.Records<DeliveryRecord>("peer-1").Count;

        var clean = await Shell.CmeshAsync("clean");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Empty(await Shell.DockerIdsAsync("container", "label=cmesh.managed=true"));
        Assert.Empty(await Shell.DockerIdsAsync("network", "label=cmesh.managed=true"));
        Assert.True(results.Records<DeliveryRecord>("peer-1").Count >= recorded, "records written before the kill were lost");
        Assert.True(File.Exists(Path.Combine(results.Directory, "run.json")));
    }
}
