using CMesh.Common;
using CMesh.Common.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CMesh.Introspection.Clocks;

/// <summary>
/// GET /clock: this node's half of an NTP-style exchange (ClockClient is the other), for any of our Kestrel servers
/// to map. The receive time is read as the handler starts, the send time as it answers.
/// </summary>
public static class ClockEndpoint
{
    public static RouteHandlerBuilder MapClock(this IEndpointRouteBuilder endpoints, TimeProvider clock) =>
        endpoints.MapGet(ClockReading.Path, () =>
        {
            var received = Now(clock);
            return Results.Json(new ClockReading(received, Now(clock)), CMeshJsonContext.Default.ClockReading);
        });

    private static long Now(TimeProvider clock) => UnixTime.ToMicros(clock.GetUtcNow().UtcDateTime);
}
