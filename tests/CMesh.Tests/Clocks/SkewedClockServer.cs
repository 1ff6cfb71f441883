using System.Net;
using CMesh.Introspection.Clocks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CMesh.Tests.Clocks;

/// <summary>A node's GET /clock on a loopback port, its clock the system's this far ahead (behind when negative).</summary>
internal sealed class SkewedClockServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SkewedClockServer(WebApplication app)
    {
        _app = app;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
    }

    public Uri Address { get; }

    /// <summary>host:port, as a peer names its introspection endpoint when it registers.</summary>
    public string Endpoint => Address.Authority;

    public static async Task<SkewedClockServer> StartAsync(TimeSpan ahead)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        app.MapClock(new SkewedClock(ahead));
        await app.StartAsync();
        return new SkewedClockServer(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>The system's clock, this far ahead.</summary>
internal sealed class SkewedClock(TimeSpan ahead) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
}
