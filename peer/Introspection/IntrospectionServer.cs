using System.Net;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Introspection;
using CMesh.Peer.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CMesh.Peer.Introspection;

/// <summary>
/// The peer's HTTP server on its control-network address: GET /state, /events, /metrics, POST /probe and
/// GET /probes/{id} for `cmesh diagnose A B`, and PUT or DELETE /faults/drop-updates for `cmesh chaos
/// drop-updates`. Built on ASP.NET Core's empty builder (Kestrel and routing only, no
/// configuration or logging providers) to keep each of a hundred peers small.
/// </summary>
public static class IntrospectionServer
{
    public static WebApplication Create(IPEndPoint endpoint, PeerView view, string peerId, string runId)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(endpoint));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        IntrospectionEndpoints.Map(app, view.Snapshot, CMeshJsonContext.Default.PeerSnapshot, view.Telemetry.Events, text => PeerMetrics.Write(text, view, peerId, runId));
        app.MapPost("/probe", () => view.WriteProbe() is { } probe
            ? Results.Json(probe, CMeshJsonContext.Default.ProbeWritten)
            : Results.Json(
                new ErrorAnswer("not registered yet: no link to send a probe on"), CMeshJsonContext.Default.ErrorAnswer, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/probes/{probeId}", (string probeId) => view.Parts?.FindProbe(probeId) is { } sighting
            ? Results.Json(sighting, CMeshJsonContext.Default.ProbeSighting)
            : Results.NotFound());
        app.MapPut(InAppFaults.Path(InAppFaults.DropUpdates), () => SwitchUpdateDrop(view, on: true));
        app.MapDelete(InAppFaults.Path(InAppFaults.DropUpdates), () => SwitchUpdateDrop(view, on: false));
        return app;
    }

    private static IResult SwitchUpdateDrop(PeerView view, bool on)
    {
        var wasOn = view.UpdateDrop.Set(on);
        view.Telemetry.FaultSwitched(InAppFaults.DropUpdates, on, wasOn);
        return Results.Json(new InAppFaultState(InAppFaults.DropUpdates, on, wasOn, view.UpdateDrop.Dropped), CMeshJsonContext.Default.InAppFaultState);
    }
}
