using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CMesh.Common;
using CMesh.Common.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CMesh.Tests.Coordinator;

public sealed class PeerProxyTests : IAsyncLifetime
{
    private static readonly TestPlan Plan = new(2, 1000, 16, 2, 4, 1000, 5000, null);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-peer-state-").FullName;
    private InProcessCoordinator _coordinator = null!;

    [Fact]
    public async Task A_peers_state_is_fetched_from_the_introspection_endpoint_it_registered()
    {
        await using var peer = await FakePeerAsync("""{"peerId":"peer-1","state":"running"}""");
        await _coordinator.RegisterAsync("peer-1", "10.1.0.1:7100", peer.Endpoint);

        using var response = await _coordinator.Http.GetAsync("v1/peers/peer-1/state");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"peerId":"peer-1","state":"running"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_peer_that_registered_without_an_endpoint_is_asked_at_the_one_its_heartbeat_names()
    {
        await using var peer = await FakePeerAsync("""{"peerId":"peer-1"}""");
        await _coordinator.RegisterAsync("peer-1", "10.1.0.1:7100");
        await _coordinator.HeartbeatAsync("peer-1", PeerState.Ready, [], peer.Endpoint);

        using var response = await _coordinator.Http.GetAsync("v1/peers/peer-1/state");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_in_app_fault_switch_is_passed_on_to_the_peer_with_its_method_and_the_peers_answer_comes_back()
    {
        await using var peer = await FakePeerAsync("{}");
        await _coordinator.RegisterAsync("peer-1", "10.1.0.1:7100", peer.Endpoint);

        using var on = await _coordinator.Http.PutAsync($"v1/peers/peer-1/faults/{InAppFaults.DropUpdates}", null);
        using var off = await _coordinator.Http.DeleteAsync($"v1/peers/peer-1/faults/{InAppFaults.DropUpdates}");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (on.StatusCode, off.StatusCode));
        Assert.Equal(new InAppFaultState(InAppFaults.DropUpdates, true, false, 0), await on.Content.ReadFromJsonAsync<InAppFaultState>(CMeshJson.Options));
        Assert.Equal(new InAppFaultState(InAppFaults.DropUpdates, false, true, 7), await off.Content.ReadFromJsonAsync<InAppFaultState>(CMeshJson.Options));
    }

    [Fact]
    public async Task An_unknown_peer_is_not_found()
    {
        var (status, error) = await ErrorAsync("v1/peers/peer-9/state");

        Assert.Equal((HttpStatusCode.NotFound, "no peer peer-9 has registered"), (status, error));
    }

    [Fact]
    public async Task A_peer_nothing_listens_for_is_a_bad_gateway_that_says_why()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var endpoint = closed.LocalEndpoint.ToString()!;
        closed.Stop();
        await _coordinator.RegisterAsync("peer-1", "10.1.0.1:7100", endpoint);

        var (status, error) = await ErrorAsync("v1/peers/peer-1/state");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal($"peer-1 at {endpoint}: Connection refused", error);
    }

    [Fact]
    public async Task A_peer_that_does_not_answer_in_time_is_a_gateway_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await _coordinator.RegisterAsync("peer-1", "10.1.0.1:7100", silent.LocalEndpoint.ToString());

        var (status, error) = await ErrorAsync("v1/peers/peer-1/state");

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal($"peer-1 at {silent.LocalEndpoint} did not answer GET /state within 2 s", error);
    }

    public async Task InitializeAsync() => _coordinator = await InProcessCoordinator.StartAsync(Plan, _results, peerStateTimeout: Timeout);

    public async Task DisposeAsync()
    {
        await _coordinator.DisposeAsync();
        Directory.Delete(_results, recursive: true);
    }

    private async Task<(HttpStatusCode Status, string? Error)> ErrorAsync(string path)
    {
        using var response = await _coordinator.Http.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(CMeshJson.Options);
        return (response.StatusCode, body.GetProperty("error").GetString());
    }

    /// <summary>A peer's introspection server reduced to a fixed GET /state and a drop-updates switch, on loopback.</summary>
    private static async Task<FakePeer> FakePeerAsync(string state)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/state", () => Results.Text(state, "application/json"));
        app.MapPut(InAppFaults.Path(InAppFaults.DropUpdates), () => Results.Json(new InAppFaultState(InAppFaults.DropUpdates, true, false, 0), CMeshJson.Options));
        app.MapDelete(InAppFaults.Path(InAppFaults.DropUpdates), () => Results.Json(new InAppFaultState(InAppFaults.DropUpdates, false, true, 7), CMeshJson.Options));
        await app.StartAsync();
        return new FakePeer(app);
    }

    private sealed class FakePeer(WebApplication app) : IAsyncDisposable
    {
        public string Endpoint => new Uri(app.Urls.Single()).Authority;

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
