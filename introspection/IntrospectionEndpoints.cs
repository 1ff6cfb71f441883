using System.Text.Json.Serialization.Metadata;
using CMesh.Introspection.Clocks;
using CMesh.Introspection.Events;
using CMesh.Introspection.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CMesh.Introspection;

/// <summary>
/// What every node serves, coordinator and peers alike: GET /state, GET /events (WebSocket), GET /metrics and GET /clock
/// (its clock, for the CLI to measure against its own).
/// </summary>
public static class IntrospectionEndpoints
{
    /// <param name="state">Builds the node's snapshot; called per request, never in the background.</param>
    /// <param name="stateType">How the snapshot is written: its entry in CMeshJsonContext.</param>
    /// <param name="metrics">Writes the node's metric families; called per scrape.</param>
    /// <param name="clock">The node's wall clock, as GET /clock reads it (the system's unless a test's).</param>
    public static void Map<TState>(
        WebApplication app, Func<TState> state, JsonTypeInfo<TState> stateType, EventHub events, Action<PrometheusText> metrics, TimeProvider? clock = null)
    {
        app.UseWebSockets();
        app.MapGet("/state", () => Results.Json(state(), stateType));
        app.MapGet("/events", (HttpContext context) => EventStream.ServeAsync(context, events));
        app.MapGet("/metrics", () =>
        {
            var text = new PrometheusText();
            metrics(text);
            return Results.Text(text.ToString(), PrometheusText.ContentType);
        });
        app.MapClock(clock ?? TimeProvider.System);
    }
}
