using System.Net;
using System.Net.Http.Json;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Coordinator;
using CMesh.Tests.Introspection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CMesh.Tests.Coordinator;

public sealed class CoordinatorIntrospectionTests : IAsyncLifetime
{
    private static readonly TestPlan Plan = new(2, 1000, 16, 2, 4, 1000, 5000, null);
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-coordinator-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private WebApplication? _app;
    private CoordinatorEventLog? _events;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        CoordinatorEndpoints.UseCMeshJson(builder.Services);
        var clock = TimeProvider.System;
        var telemetry = new CoordinatorTelemetry();
        _events = new CoordinatorEventLog(_results, telemetry.Events);
        var registry = new MeshRegistry(clock);
        var context = new CoordinatorContext("run-1", Plan, SwarmKey.FromSecret("key"), registry,
            new MeshPhaseController(Plan, registry, _events, clock), _events, telemetry, clock, clock.GetUtcNow());
        _app = builder.Build();
        CoordinatorEndpoints.Map(_app, context);
        await _app.StartAsync();
        _http.BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
    }

    public async Task DisposeAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        _events!.Dispose();
        _http.Dispose();
        Directory.Delete(_results, recursive: true);
    }

    private async Task TwoLinkedPeersAsync()
    {
        var swarm = SwarmKey.FromSecret("key").Id;
        foreach (var (peer, other, i) in new[] { ("peer-1", "peer-2", 1), ("peer-2", "peer-1", 2) })
        {
            using var registered = await _http.PostAsJsonAsync("v1/register", new RegisterRequest(peer, swarm, $"10.1.0.{i}:7100", $"10.0.0.{i}:7101"), CMeshJson.Options);
            registered.EnsureSuccessStatusCode();
            var link = new LinkSnapshot(other, LinkState.Open, "out", RttMs: 0.4, Heartbeat: HeartbeatStatus.Ok, LastDataAgeMs: 10, StateAgeMs: 100);
            var health = new NodeHealth(10, $"10.0.0.{i}:7101", [link], 0, 100, 100, 1.2, null);
            using var beat = await _http.PostAsJsonAsync($"v1/peers/{peer}/heartbeat", new HeartbeatRequest(PeerState.Ready, [other], 0, 0, health), CMeshJson.Options);
            beat.EnsureSuccessStatusCode();
        }
    }
}
