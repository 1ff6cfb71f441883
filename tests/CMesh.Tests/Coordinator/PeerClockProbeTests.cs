using CMesh.Common.Clocks;
using CMesh.Common.Contracts;
using CMesh.Docker.Coordinator;
using CMesh.Tests.Clocks;

namespace CMesh.Tests.Coordinator;

/// <summary>GET /v1/peers/{id}/clock: the coordinator measures a peer's clock against its own, as the CLI asks it through CoordinatorApi.</summary>
public sealed class PeerClockProbeTests : IDisposable
{
    private static readonly TestPlan Plan = new(2, 1000, 16, 2, 4, 1000, 5000, null);
    private static readonly ClockSampling Quick = new(4, TimeSpan.FromMilliseconds(5));
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-peer-clock-").FullName;

    [Fact]
    public async Task The_coordinator_measures_a_peer_clock_90_minutes_ahead_within_the_bound_it_states()
    {
        await using var peer = await SkewedClockServer.StartAsync(TimeSpan.FromMinutes(90));
        await using var coordinator = await InProcessCoordinator.StartAsync(Plan, _results, peerClockSampling: Quick);
        await coordinator.RegisterAsync("peer-1", "10.1.0.2:7100", peer.Endpoint);
        using var api = Api(coordinator);

        var estimate = await api.PeerClockAsync("peer-1", CancellationToken.None);

        AssertWithin(TimeSpan.FromMinutes(90), estimate);
        Assert.Equal(4, estimate.Samples);
        Assert.InRange(estimate.ErrorBoundUs, 0, 1_000_000);
    }

    [Fact]
    public async Task The_peer_s_clock_is_measured_against_the_coordinator_s_own_not_the_system_s()
    {
        await using var peer = await SkewedClockServer.StartAsync(TimeSpan.FromSeconds(-3));
        await using var coordinator = await InProcessCoordinator.StartAsync(Plan, _results, new SkewedClock(TimeSpan.FromSeconds(10)), peerClockSampling: Quick);
        await coordinator.RegisterAsync("peer-1", "10.1.0.2:7100", peer.Endpoint);
        using var api = Api(coordinator);

        AssertWithin(TimeSpan.FromSeconds(-13), await api.PeerClockAsync("peer-1", CancellationToken.None));
    }

    [Fact]
    public async Task A_peer_that_never_registered_is_named_in_the_error()
    {
        await using var coordinator = await InProcessCoordinator.StartAsync(Plan, _results, peerClockSampling: Quick);
        using var api = Api(coordinator);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => api.PeerClockAsync("peer-9", CancellationToken.None));

        Assert.Contains("HTTP 404", refused.Message);
        Assert.Contains("no peer peer-9 has registered", refused.Message);
    }

    [Fact]
    public async Task A_peer_that_does_not_answer_on_its_endpoint_gives_a_bad_gateway_naming_peer_and_endpoint()
    {
        var gone = await SkewedClockServer.StartAsync(TimeSpan.Zero);
        var endpoint = gone.Endpoint;
        await gone.DisposeAsync();
        await using var coordinator = await InProcessCoordinator.StartAsync(Plan, _results, peerClockSampling: Quick);
        await coordinator.RegisterAsync("peer-1", "10.1.0.2:7100", endpoint);
        using var api = Api(coordinator);

        var failed = await Assert.ThrowsAsync<HttpRequestException>(() => api.PeerClockAsync("peer-1", CancellationToken.None));

        Assert.Contains("HTTP 502", failed.Message);
        Assert.Contains($"peer-1 at {endpoint}: GET /clock", failed.Message);
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private static CoordinatorApi Api(InProcessCoordinator coordinator) =>
        new(new HttpClient { BaseAddress = coordinator.Address, Timeout = TimeSpan.FromSeconds(10) });

    private static void AssertWithin(TimeSpan truth, ClockEstimate estimate) =>
        Assert.InRange((long)truth.TotalMicroseconds, estimate.OffsetUs - estimate.ErrorBoundUs, estimate.OffsetUs + estimate.ErrorBoundUs);
}
