using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Coordinator;
using CMesh.Tests.Introspection;

namespace CMesh.Tests.Coordinator;

public sealed class CoordinatorIntrospectionTests : IAsyncLifetime
{
    private static readonly TestPlan Plan = new(2, 1000, 16, 2, 4, 1000, 5000, null);
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-coordinator-").FullName;
    private InProcessCoordinator? _coordinator;
    private HttpClient _http = null!;

    [Fact]
    public async Task The_mesh_view_shows_the_nodes_and_the_link_their_heartbeats_describe()
    {
        await TwoLinkedPeersAsync();

        var mesh = await _http.GetFromJsonAsync<MeshView>("v1/mesh", CMeshJson.Options);

        Assert.NotNull(mesh);
        Assert.Equal(["peer-1", "peer-2"], mesh.Nodes.Select(n => n.PeerId));
        Assert.All(mesh.Nodes, n => Assert.Equal(NodeFreshness.Fresh, n.Freshness));
        Assert.Equal("10.0.0.1:7101", mesh.Nodes[0].IntrospectionEndpoint);
        var link = Assert.Single(mesh.Links);
        Assert.Equal(("peer-1", "peer-2", LinkHealth.Healthy), (link.A, link.B, link.Health));
    }

    [Fact]
    public async Task The_coordinators_own_state_names_its_swarm_and_counts_refused_registrations()
    {
        await TwoLinkedPeersAsync();
        using var refused = await _http.PostAsJsonAsync("v1/register", new RegisterRequest("peer-9", "wrong", "10.1.0.9:7100"), CMeshJson.Options);

        var state = await _http.GetFromJsonAsync<CoordinatorSnapshot>("state", CMeshJson.Options);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.NotNull(state);
        Assert.Equal(SwarmKey.FromSecret("key").Id, state.SwarmId);
        Assert.Equal(2, state.RegisteredPeers);
        Assert.Equal(1, state.RegistrationsRefused);
        Assert.Equal(2, state.PeersByFreshness[NodeFreshness.Fresh]);
    }

    [Fact]
    public async Task The_faults_in_force_come_from_the_runs_chaos_log()
    {
        var noLog = await _http.GetFromJsonAsync<ChaosInForce>("v1/chaos", CMeshJson.Options);
        File.WriteAllText(Path.Combine(_results, "chaos.csv"),
            "time_unix_us,event,fault_id,kind,targets,parameters,mechanism,detail\n"
            + "1750000000000000,start,a1,partition,peer-1 peer-2,partition halves,nft,peer-1 | peer-2; seed 7; pid 42\n");

        var chaos = await _http.GetFromJsonAsync<ChaosInForce>("v1/chaos", CMeshJson.Options);

        Assert.Empty(noLog!.Faults);
        var fault = Assert.Single(chaos!.Faults);
        Assert.Equal(("a1", "partition"), (fault.FaultId, fault.Kind));
        Assert.Equal([["peer-1"], ["peer-2"]], fault.Partition!.Sides);
    }

    [Fact]
    public async Task An_open_event_stream_does_not_hold_up_the_coordinators_stop()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{_coordinator!.Address.Authority}/events"), CancellationToken.None);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        await _coordinator.StopAsync();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Metrics_count_registrations_and_links_by_health()
    {
        await TwoLinkedPeersAsync();

        var text = await _http.GetStringAsync("metrics");

        Assert.Contains("cmesh_coordinator_registrations_total{result=\"accepted\"} 2", text);
        Assert.Contains("cmesh_mesh_links{health=\"healthy\"} 1", text);
        Assert.Contains("cmesh_coordinator_request_duration_seconds_bucket{route=\"heartbeat\",le=\"+Inf\"} 2", text);
    }

    [PromtoolFact]
    public async Task Metrics_pass_promtool_check_metrics()
    {
        await TwoLinkedPeersAsync();

        Assert.Equal("", await Promtool.CheckAsync(await _http.GetStringAsync("metrics")));
    }

    public async Task InitializeAsync()
    {
        _coordinator = await InProcessCoordinator.StartAsync(Plan, _results);
        _http = _coordinator.Http;
    }

    public async Task DisposeAsync()
    {
        await _coordinator!.DisposeAsync();
        Directory.Delete(_results, recursive: true);
    }

    private async Task TwoLinkedPeersAsync()
    {
        foreach (var (peer, other, i) in new[] { ("peer-1", "peer-2", 1), ("peer-2", "peer-1", 2) })
        {
            await _coordinator!.RegisterAsync(peer, $"10.1.0.{i}:7100", $"10.0.0.{i}:7101");
            var link = new LinkSnapshot(other, LinkState.Open, "out", RttMs: 0.4, Heartbeat: HeartbeatStatus.Ok, LastDataAgeMs: 10, StateAgeMs: 100);
            await _coordinator.HeartbeatAsync(peer, PeerState.Ready, [link], $"10.0.0.{i}:7101");
        }
    }
}
