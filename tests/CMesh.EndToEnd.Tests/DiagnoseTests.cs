using CMesh.Common.Records;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// `cmesh diagnose` on a real mesh: each test breaks one thing from outside (docker, nft in a container's namespace,
/// the swarm key file, chaos), expects the verdict to name the layer and the component that broke, mends it and
/// expects every layer healthy again.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class DiagnoseTests(DiagnoseMesh mesh) : IClassFixture<DiagnoseMesh>, IAsyncLifetime
{
    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);

    public Task InitializeAsync() => DiagnoseMesh.HealthyAsync(Recovery);

    public async Task DisposeAsync()
    {
        await DiagnoseMesh.RemoveRulesAsync();
        await DiagnoseMesh.HealthyAsync(Recovery);
    }

    [Fact]
    public async Task A_healthy_mesh_passes_every_layer_and_a_probe_reaches_its_target_hop_by_hop()
    {
        var output = await DiagnoseMesh.HealthyAsync(Detection, dataPathChecked: true);

        Assert.All(output.LayerStatuses, layer => Assert.Equal("ok", layer.Value));
        Assert.Equal(["engine", "networks", "containers", "coordinator", "discovery", "peerLinks", "dataPath"], output.LayerStatuses.Keys);

        var trace = await Shell.CmeshAsync("diagnose", "peer-1", "peer-4", "--run", DiagnoseMesh.Run, "--json");
        Assert.True(trace.ExitCode == 0, trace.ToString());
        var root = JsonDocument.Parse(trace.StdOut).RootElement;
        Assert.True(root.GetProperty("reached").GetBoolean());
        var hops = root.GetProperty("hops").EnumerateArray().ToList();
        Assert.Equal("peer-1", hops[0].GetProperty("peer").GetString());
        Assert.Equal("peer-4", hops[^1].GetProperty("peer").GetString());
        Assert.InRange(root.GetProperty("totalMs").GetDouble(), 0.01, 5000);

        // The probe is an ordinary update: peer-4 records its delivery from peer-1 like any other, once its records are flushed.
        await Eventually.TrueAsync(ProbeRecorded, TimeSpan.FromSeconds(10), "the probe's write (28 payload bytes) on peer-1 and its delivery on peer-4 were not both recorded");
    }

    [Fact]
    public async Task Top_once_prints_a_row_for_every_peer_of_the_healthy_mesh_and_exits()
    {
        await DiagnoseMesh.HealthyAsync(Detection, dataPathChecked: true);

        var top = await Shell.CmeshAsync("top", DiagnoseMesh.Run, "--once");

        Assert.True(top.ExitCode == 0, top.ToString());
        Assert.Contains($"run {DiagnoseMesh.Run}: running, 4/4 peers", top.StdOut);
        Assert.All(Peers, peer => Assert.Contains(peer, top.StdOut));
        Assert.DoesNotContain("Ctrl-C", top.StdOut);
    }

    private bool ProbeRecorded() =>
        mesh.Results.Records<WriteRecord>("peer-1").LastOrDefault(r => r.PayloadBytes == 28) is { Seq: > 0 } probe
        && mesh.Results.Records<DeliveryRecord>("peer-4").Any(d => d.Writer == "peer-1" && d.Seq == probe.Seq);

    [Fact]
    public async Task Every_node_serves_its_snapshot_metrics_and_events_on_its_control_address()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var peer = $"http://{await DiagnoseMesh.ControlIpAsync("peer-2")}:7101";

        var state = JsonDocument.Parse(await http.GetStringAsync($"{peer}/state")).RootElement;
        Assert.Equal("peer-2", state.GetProperty("peerId").GetString());
        Assert.Equal("responding", state.GetProperty("coordinator").GetProperty("state").GetString());
        Assert.Contains(state.GetProperty("links").EnumerateArray(), l => l.GetProperty("state").GetString() == "open");

        var metrics = await http.GetStringAsync($"{peer}/metrics");
        Assert.Contains("# TYPE cmesh_peer_updates_delivered_total counter", metrics);
        Assert.Contains("cmesh_peer_delivery_latency_seconds_bucket{", metrics);

        using var events = new ClientWebSocket();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await events.ConnectAsync(new Uri($"ws://{await DiagnoseMesh.ControlIpAsync("peer-2")}:7101/events"), limit.Token);
        var buffer = new byte[16 * 1024];
        var received = await events.ReceiveAsync(buffer, limit.Token);
        Assert.Contains("\"kind\"", Encoding.UTF8.GetString(buffer, 0, received.Count));

        var port = (await Shell.DockerAsync("port", DiagnoseMesh.Container("coordinator"), "7070")).Split(':')[^1];
        var mesh = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/v1/mesh");
        Assert.Equal(4, mesh.GetProperty("nodes").GetArrayLength());
        Assert.All(mesh.GetProperty("nodes").EnumerateArray(), n => Assert.Equal("fresh", n.GetProperty("freshness").GetString()));
    }

    [Fact]
    public async Task No_engine_and_no_such_run_are_named_before_anything_else()
    {
        var noEngine = await DiagnoseMesh.DiagnoseAsync(new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" }, "--run", DiagnoseMesh.Run);
        Assert.Equal(("engine", "engineUnavailable"), (noEngine.Verdict?.Layer, noEngine.Verdict?.Failure));
        Assert.Contains("unix:///nonexistent/docker.sock", noEngine.Verdict!.Detail);
        Assert.NotEqual(0, noEngine.Result.ExitCode);

        var noRun = await DiagnoseMesh.DiagnoseAsync(null, "--run", "no-such-run");
        Assert.Equal(("networks", "no-such-run", "noRun"), (noRun.Verdict?.Layer, noRun.Verdict?.Component, noRun.Verdict?.Failure));
        Assert.NotEqual(0, noRun.Result.ExitCode);
    }

    [Fact]
    public async Task A_stopped_coordinator_is_down_at_the_containers_layer()
    {
        await Shell.DockerAsync("stop", "-t", "1", DiagnoseMesh.Container("coordinator"));
        try
        {
            await DiagnoseMesh.VerdictAsync("containers", "coordinatorDown", v => v.Component == "coordinator", Detection);
        }
        finally
        {
            await Shell.DockerAsync("start", DiagnoseMesh.Container("coordinator"));
        }
    }

    [Theory]
    [InlineData("coordinator", "coordinator", "coordinatorNotResponding")]
    [InlineData("peer-3", "peerLinks", "peerNotResponding")]
    public async Task A_paused_member_is_not_responding(string member, string layer, string failure)
    {
        await Shell.DockerAsync("pause", DiagnoseMesh.Container(member));
        try
        {
            var output = await DiagnoseMesh.VerdictAsync(layer, failure, v => v.Component == member, Detection);
            Assert.Contains("paused", output.Verdict!.Detail);
        }
        finally
        {
            await Shell.DockerAsync("unpause", DiagnoseMesh.Container(member));
        }
    }

    [Fact]
    public async Task A_signal_outage_is_seen_by_the_peers_as_a_coordinator_that_does_not_answer()
    {
        var chaos = Shell.StartCmesh("chaos", "signal-outage", "--duration", "40s", "--run", DiagnoseMesh.Run);
        try
        {
            // The host still reaches the coordinator: only the peers' view tells the outage.
            await DiagnoseMesh.VerdictAsync("coordinator", "coordinatorNotResponding", v => v.Component.StartsWith("coordinator as peer-", StringComparison.Ordinal), Detection);
        }
        finally
        {
            await Shell.CmeshAsync("chaos", "clear", "--run", DiagnoseMesh.Run);
            await chaos.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_coordinator_that_resets_the_peers_connections_is_connection_refused()
    {
        foreach (var peer in Peers)
        {
            await DiagnoseMesh.AddRuleAsync("coordinator", "input", "ip", "saddr", await DiagnoseMesh.ControlIpAsync(peer), "tcp", "dport", "7070", "reject", "with", "tcp", "reset");
        }

        await DiagnoseMesh.VerdictAsync("coordinator", "connectionRefused", v => v.Component.StartsWith("coordinator as peer-", StringComparison.Ordinal), Detection);
    }

    [Fact]
    public async Task A_coordinator_name_that_does_not_resolve_is_a_dns_failure()
    {
        // Docker's embedded DNS answers at 127.0.0.11; refusing it breaks the name the peers know the coordinator by.
        foreach (var peer in Peers)
        {
            await DiagnoseMesh.AddRuleAsync(peer, "output", "ip", "daddr", "127.0.0.11", "reject");
        }

        // A restart closes the peers' kept-alive connections, so that their next request needs the name again.
        await Shell.DockerAsync("restart", "-t", "1", DiagnoseMesh.Container("coordinator"));
        var output = await DiagnoseMesh.VerdictAsync("coordinator", "coordinatorDnsFailure", v => v.Component.StartsWith("coordinator as peer-", StringComparison.Ordinal), Detection);
        Assert.Equal("ok", output.LayerStatuses["containers"]);
    }

    [Fact]
    public async Task Peers_holding_another_swarm_key_find_no_peers_for_the_swarm()
    {
        var keyFile = $"/run/cmesh/{DiagnoseMesh.Run}/swarm_key";
        var key = await File.ReadAllTextAsync(keyFile);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            // The coordinator comes back with a new key; the peers keep theirs and are refused when they register again.
            await File.WriteAllTextAsync(keyFile, Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()));
            await Shell.DockerAsync("restart", "-t", "1", DiagnoseMesh.Container("coordinator"));
            var output = await DiagnoseMesh.VerdictAsync("discovery", "noPeersForSwarm", v => v.Detail.Contains("wrong swarm key", StringComparison.Ordinal), Detection);
            Assert.StartsWith("discovery (swarm ", output.Verdict!.Component, StringComparison.Ordinal);
        }
        finally
        {
            await File.WriteAllTextAsync(keyFile, key);
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead);
            await Shell.DockerAsync("restart", "-t", "1", DiagnoseMesh.Container("coordinator"));
        }
    }

    [Fact]
    public async Task A_killed_peer_is_down_at_the_containers_layer()
    {
        await Shell.DockerAsync("kill", DiagnoseMesh.Container("peer-4"));
        try
        {
            await DiagnoseMesh.VerdictAsync("containers", "peerDown", v => v.Component == "peer-4", Detection);
        }
        finally
        {
            await Shell.DockerAsync("start", DiagnoseMesh.Container("peer-4"));
        }
    }

    [Fact]
    public async Task A_peer_cut_from_the_control_network_has_no_network()
    {
        var control = $"cmesh-{DiagnoseMesh.Run}-control";
        await Shell.DockerAsync("network", "disconnect", control, DiagnoseMesh.Container("peer-3"));
        try
        {
            var output = await DiagnoseMesh.VerdictAsync("containers", "noNetwork", v => v.Component == "peer-3", Detection);
            Assert.Contains("control network", output.Verdict!.Detail);
        }
        finally
        {
            await Shell.DockerAsync("network", "connect", "--alias", "peer-3", control, DiagnoseMesh.Container("peer-3"));
        }
    }

    [Fact]
    public async Task An_isolated_peer_cannot_reach_its_peers_and_a_probe_stops_before_it()
    {
        var chaos = Shell.StartCmesh("chaos", "partition", "--set", "layout=isolate-one", "--targets", "peer-2", "--duration", "60s", "--run", DiagnoseMesh.Run);
        try
        {
            await DiagnoseMesh.VerdictAsync("peerLinks", "reachabilityFailure", v => v.Component.StartsWith("peer-2→", StringComparison.Ordinal), Detection);

            var trace = await Shell.CmeshAsync("diagnose", "peer-1", "peer-2", "--run", DiagnoseMesh.Run, "--json", "--timeout", "3s");
            Assert.NotEqual(0, trace.ExitCode);
            var root = JsonDocument.Parse(trace.StdOut).RootElement;
            Assert.False(root.GetProperty("reached").GetBoolean());
            Assert.DoesNotContain(root.GetProperty("hops").EnumerateArray(), h => h.GetProperty("peer").GetString() == "peer-2");
        }
        finally
        {
            await Shell.CmeshAsync("chaos", "clear", "--run", DiagnoseMesh.Run);
            await chaos.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Peers_that_reset_every_connection_from_one_peer_leave_its_dials_failing()
    {
        var refused = await DiagnoseMesh.DataIpAsync("peer-2");
        foreach (var peer in Peers.Where(p => p != "peer-2"))
        {
            await DiagnoseMesh.AddRuleAsync(peer, "input", "ip", "saddr", refused, "tcp", "flags", "!=", "rst", "reject", "with", "tcp", "reset");
        }

        var output = await DiagnoseMesh.VerdictAsync("peerLinks", "dialFailing", v => v.Component.StartsWith("peer-2→", StringComparison.Ordinal), Detection);
        Assert.Contains("refused", output.Verdict!.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_link_that_carries_nothing_one_way_has_its_heartbeats_failing()
    {
        await DiagnoseMesh.AddRuleAsync("peer-2", "input", "ip", "saddr", await DiagnoseMesh.DataIpAsync("peer-1"), "drop");

        await DiagnoseMesh.VerdictAsync("peerLinks", "heartbeatsFailing", v => v.Component == "peer-1↔peer-2", TimeSpan.FromSeconds(9));
    }

    [Fact]
    public async Task A_peer_whose_sync_engine_drops_its_updates_keeps_links_that_carry_no_data_and_a_probe_stops_in_it()
    {
        var chaos = Shell.StartCmesh("chaos", "drop-updates", "--targets", "peer-2", "--duration", "90s", "--run", DiagnoseMesh.Run);
        try
        {
            var output = await DiagnoseMesh.VerdictAsync("peerLinks", "noData", v => v.Component.Split('↔').Contains("peer-2"), Detection);
            Assert.Contains("heartbeats answered", output.Verdict!.Detail);
            var injected = Assert.Single(output.Root.GetProperty("chaosInForce").EnumerateArray());
            Assert.Equal(("drop-updates", "peer-2"), (injected.GetProperty("kind").GetString(), injected.GetProperty("targets")[0].GetString()));

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var peer = new Uri($"http://{await DiagnoseMesh.ControlIpAsync("peer-2")}:7101/");
            var state = await http.GetFromJsonAsync<JsonElement>(new Uri(peer, "state"));
            Assert.Equal(["drop-updates"], state.GetProperty("faults").EnumerateArray().Select(f => f.GetString()));
            Assert.Contains(state.GetProperty("links").EnumerateArray(), l => l.GetProperty("state").GetString() == "open");
            var dropped = Metric(await http.GetStringAsync(new Uri(peer, "metrics")), "cmesh_peer_updates_dropped_total");
            Assert.True(dropped > 0, $"peer-2 withheld {dropped} update frames");

            var trace = await Shell.CmeshAsync("diagnose", "peer-2", "peer-1", "--run", DiagnoseMesh.Run, "--json", "--timeout", "3s");
            Assert.NotEqual(0, trace.ExitCode);
            Assert.False(JsonDocument.Parse(trace.StdOut).RootElement.GetProperty("reached").GetBoolean());
        }
        finally
        {
            await Shell.CmeshAsync("chaos", "clear", "--run", DiagnoseMesh.Run);
            await chaos.WaitForExitAsync();
        }

        var log = await File.ReadAllLinesAsync(Path.Combine(mesh.Results.Directory, "chaos.csv"));
        Assert.Contains(log, line => line.Contains(",start,") && line.Contains("drop-updates") && line.Contains(",peer,"));
    }

    private static double Metric(string text, string name) =>
        double.Parse(text.Split('\n').Single(line => line.StartsWith(name + " ", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> Peers => Enumerable.Range(1, 4).Select(i => $"peer-{i}");
}
