using CMesh.Common.Clocks;
using CMesh.Common.Contracts;
using CMesh.Tests.Coordinator;

namespace CMesh.Tests.Clocks;

public sealed class ClockEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Ahead = TimeSpan.FromMinutes(90);
    private static readonly ClockSampling Quick = new(4, TimeSpan.FromMilliseconds(5));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-clock-").FullName;
    private SkewedClockServer? _server;

    [Fact]
    public async Task The_client_measures_a_server_clock_90_minutes_ahead_within_the_bound_it_states()
    {
        _server = await SkewedClockServer.StartAsync(Ahead);

        var estimate = await new ClockClient(_http, TimeProvider.System, Quick).MeasureAsync(_server.Address, CancellationToken.None);

        var truth = (long)Ahead.TotalMicroseconds;
        Assert.InRange(truth, estimate.OffsetUs - estimate.ErrorBoundUs, estimate.OffsetUs + estimate.ErrorBoundUs);
        Assert.Equal(4, estimate.Samples);
        Assert.InRange(estimate.ErrorBoundUs, 0, 1_000_000);
    }

    [Fact]
    public async Task The_coordinator_serves_its_clock_with_its_introspection_endpoints()
    {
        var plan = new TestPlan(2, 1000, 16, 2, 4, 1000, 5000, null);
        await using var coordinator = await InProcessCoordinator.StartAsync(plan, _results);

        var reading = await new ClockClient(coordinator.Http, TimeProvider.System, new ClockSampling(1, TimeSpan.Zero)).MeasureAsync(coordinator.Address, CancellationToken.None);

        Assert.InRange(0, reading.OffsetUs - reading.ErrorBoundUs, reading.OffsetUs + reading.ErrorBoundUs);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_results, recursive: true);
    }
}
