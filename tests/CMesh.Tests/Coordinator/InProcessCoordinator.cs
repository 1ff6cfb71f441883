using System.Net;
using System.Net.Http.Json;
using CMesh.Common;
using CMesh.Common.Clocks;
using CMesh.Common.Contracts;
using CMesh.Coordinator;
using CMesh.Coordinator.Chaos;
using CMesh.Coordinator.Clocks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CMesh.Tests.Coordinator;

/// <summary>
/// The coordinator's real endpoints on a loopback port, over a results folder of the test's, with an HTTP client
/// that plays the peers: registration and heartbeats as a peer sends them.
/// </summary>
internal sealed class InProcessCoordinator : IAsyncDisposable
{
    public const string SwarmSecret = "key";

    private readonly WebApplication _app;
    private readonly CoordinatorEventLog _events;
    private readonly PeerProxy _peers;
    private readonly PeerClockProbe _peerClocks;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _phases;

    private InProcessCoordinator(WebApplication app, CoordinatorEventLog events, PeerProxy peers, PeerClockProbe peerClocks, MeshPhaseController phase)
    {
        _app = app;
        _phases = phase.RunAsync(_stopping.Token);
        _events = events;
        _peers = peers;
        _peerClocks = peerClocks;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <param name="results">The run's results folder, as mounted at /results in the container.</param>
    /// <param name="clock">The coordinator's clock: its phases, its GET /clock and the side it measures peers' clocks from.</param>
    public static async Task<InProcessCoordinator> StartAsync(
        TestPlan plan, string results, TimeProvider? clock = null, TimeSpan? peerStateTimeout = null, ClockSampling? peerClockSampling = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        CoordinatorEndpoints.UseCMeshJson(builder.Services);
        clock ??= TimeProvider.System;
        var telemetry = new CoordinatorTelemetry();
        var events = new CoordinatorEventLog(Path.Combine(results, "coordinator"), telemetry.Events);
        var registry = new MeshRegistry(clock);
        var peers = new PeerProxy(registry, clock, peerStateTimeout ?? TimeSpan.FromSeconds(2));
        var peerClocks = new PeerClockProbe(registry, clock, peerStateTimeout ?? TimeSpan.FromSeconds(5), peerClockSampling);
        var context = new CoordinatorContext("run-1", plan, SwarmKey.FromSecret(SwarmSecret), registry,
            new MeshPhaseController(plan, registry, events, clock), events, telemetry, clock, clock.GetUtcNow(),
            ChaosLogFile.InResults(results), peers, peerClocks);
        var app = builder.Build();
        CoordinatorEndpoints.Map(app, context);
        await app.StartAsync();
        return new InProcessCoordinator(app, events, peers, peerClocks, context.Phase);
    }

    public async Task RegisterAsync(string peerId, string dataEndpoint, string? introspectionEndpoint = null)
    {
        using var registered = await Http.PostAsJsonAsync(
            "v1/register", new RegisterRequest(peerId, SwarmKey.FromSecret(SwarmSecret).Id, dataEndpoint, introspectionEndpoint), CMeshJson.Options);
        registered.EnsureSuccessStatusCode();
    }

    /// <summary>A heartbeat reporting these links (open ones are the peer's links) and the given introspection endpoint.</summary>
    public async Task HeartbeatAsync(string peerId, PeerState state, IReadOnlyList<LinkSnapshot> links, string introspectionEndpoint = "10.0.0.1:7101")
    {
        var health = new NodeHealth(10, introspectionEndpoint, links, 0, 100, 100, 1.2, null);
        var open = links.Where(l => l.State == LinkState.Open).Select(l => l.Remote).ToList();
        using var beat = await Http.PostAsJsonAsync($"v1/peers/{peerId}/heartbeat", new HeartbeatRequest(state, open, 0, 0, health), CMeshJson.Options);
        beat.EnsureSuccessStatusCode();
    }

    /// <summary>Stops answering, as a coordinator that has gone.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _phases;
        _stopping.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _peers.Dispose();
        _peerClocks.Dispose();
        _events.Dispose();
        Http.Dispose();
    }
}
