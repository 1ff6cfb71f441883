using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Coordinator.Dashboard;
using CMesh.Introspection;

namespace CMesh.Coordinator;

/// <summary>
/// The coordinator's HTTP API: registration, discovery, heartbeats, status, the mesh view, the faults in force, peers'
/// snapshots, clocks and in-app fault switches (passed on to them) and stop; the dashboard; and, as on every node,
/// GET /state, /events, /metrics and /clock.
/// </summary>
public static class CoordinatorEndpoints
{
    /// <summary>Request bodies are read in the one JSON dialect (enums as camelCase strings), generated at compile time.</summary>
    public static void UseCMeshJson(IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, CMeshJsonContext.Default);
            foreach (var converter in CMeshJsonContext.Default.Options.Converters)
            {
                options.SerializerOptions.Converters.Add(converter);
            }
        });

    public static void Map(WebApplication app, CoordinatorContext context)
    {
        app.Use(async (http, next) =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await next(http);
            context.Telemetry.Served(http.Request.Path.Value ?? "", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        });
        var v1 = app.MapGroup("/v1");

        v1.MapPost("/register", (RegisterRequest request) =>
        {
            if (request.SwarmId != context.Swarm.Id)
            {
                context.Events.Record("register-refused", request.PeerId, "wrong swarm key");
                context.Telemetry.Refused();
                return Results.Json(new ErrorAnswer("wrong swarm key"), CMeshJsonContext.Default.ErrorAnswer, statusCode: StatusCodes.Status403Forbidden);
            }

            var bootstrap = context.Registry.Register(request.PeerId, request.DataEndpoint, context.Plan.Degree, request.IntrospectionEndpoint, request.Contact);
            context.Telemetry.Registered();
            context.Events.Record("registered", request.PeerId, $"endpoint={request.DataEndpoint} bootstrap={bootstrap.Count}");
            return Results.Json(new RegisterResponse(context.Plan, bootstrap), CMeshJsonContext.Default.RegisterResponse);
        });

        v1.MapGet("/discovery", (string swarm, string peer) =>
        {
            context.Telemetry.Discovered();
            return swarm == context.Swarm.Id
                ? Results.Json(new DiscoveryResponse(context.Registry.Discover(peer, 2 * context.Plan.Degree)), CMeshJsonContext.Default.DiscoveryResponse)
                : Results.Json(new DiscoveryResponse([]), CMeshJsonContext.Default.DiscoveryResponse);
        });

        v1.MapPost("/peers/{peerId}/heartbeat", (string peerId, HeartbeatRequest beat) =>
        {
            if (!context.Registry.Heartbeat(peerId, beat))
            {
                return Results.NotFound();
            }

            context.Phase.EvaluateReadiness();
            return Results.Json(context.Phase.Current(), CMeshJsonContext.Default.HeartbeatResponse);
        });

        v1.MapGet("/status", () =>
        {
            var phase = context.Phase;
            return Results.Json(
                new MeshStatus(context.RunId, phase.Phase, context.Plan.Peers, context.StartedAt, phase.ReadyAt,
                    phase.StartAt, phase.StopAt, context.Registry.Snapshot(context.Plan)),
                CMeshJsonContext.Default.MeshStatus);
        });

        v1.MapGet("/mesh", () => Results.Json(context.Mesh(), CMeshJsonContext.Default.MeshView));

        v1.MapGet("/chaos", async (CancellationToken ct) =>
            Results.Json(new ChaosInForce(await context.Chaos.InForceAsync(ct)), CMeshJsonContext.Default.ChaosInForce));

        v1.MapGet("/peers/{peerId}/state", (string peerId, CancellationToken ct) => context.Peers.ForwardAsync(peerId, HttpMethod.Get, "/state", ct));
        v1.MapPut("/peers/{peerId}/faults/{fault}", (string peerId, string fault, CancellationToken ct) =>
            context.Peers.ForwardAsync(peerId, HttpMethod.Put, InAppFaults.Path(fault), ct));
        v1.MapDelete("/peers/{peerId}/faults/{fault}", (string peerId, string fault, CancellationToken ct) =>
            context.Peers.ForwardAsync(peerId, HttpMethod.Delete, InAppFaults.Path(fault), ct));

        v1.MapGet("/peers/{peerId}/clock", (string peerId, CancellationToken ct) => context.PeerClocks.MeasureAsync(peerId, ct));

        // Prometheus HTTP service discovery: every registered peer's /metrics on the control network.
        v1.MapGet("/targets", () => Results.Json(
            context.Registry.Peers()
                .Where(p => p.IntrospectionEndpoint is not null)
                .Select(p => new ScrapeTargetGroup([p.IntrospectionEndpoint!], new Dictionary<string, string> { ["peer"] = p.PeerId, ["run"] = context.RunId }))
                .ToArray(),
            CMeshJsonContext.Default.ScrapeTargetGroupArray));

        v1.MapPost("/stop", (bool? settle) =>
        {
            context.Phase.RequestStop(settle ?? true);
            return Results.Json(context.Phase.Current(), CMeshJsonContext.Default.HeartbeatResponse);
        });

        app.MapGet("/healthz", () => Results.Text("ok"));
        DashboardPage.Map(app);
        IntrospectionEndpoints.Map(app, context.Snapshot, CMeshJsonContext.Default.CoordinatorSnapshot, context.Telemetry.Events, text => CoordinatorMetrics.Write(text, context, context.Mesh()), context.Clock);
    }
}
