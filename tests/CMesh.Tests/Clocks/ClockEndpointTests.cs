using System.Net;
using CMesh.Common.Clocks;
using CMesh.Common.Contracts;
using CMesh.Introspection.Clocks;
using CMesh.Tests.Coordinator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CMesh.Tests.Clocks;

public sealed class ClockEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Ahead = TimeSpan.FromMinutes(90);
    private static readonly ClockSampling Quick = new(4, TimeSpan.FromMilliseconds(5));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-clock-").FullName;
    private WebApplication? _app;

    [Fact]
    public async Task The_client_measures_a_server_clock_90_minutes_ahead_within_the_bound_it_states()
    {
        var server = await ServeAsync(new SkewedClock(Ahead));

        var estimate = await new ClockClient(_http, TimeProvider.System, Quick).MeasureAsync(server, CancellationToken.None);

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
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_results, recursive: true);
    }

    private async Task<Uri> ServeAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        _app = builder.Build();
        _app.UseRouting();
        _app.MapClock(clock);
        await _app.StartAsync();
        return new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
    }

    /// <summary>The system's clock, this far ahead.</summary>
    private sealed class SkewedClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
