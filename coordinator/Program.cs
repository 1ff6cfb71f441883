using CMesh.Common;
using System.Runtime.InteropServices;
using CMesh.Coordinator;
using CMesh.Coordinator.Agents;
using CMesh.Coordinator.Chaos;
using CMesh.Coordinator.Clocks;
using CMesh.Coordinator.Host;
using CMesh.Common.Records;
using CMesh.Common.Timing;
using Env = CMesh.Common.ContainerEnvironment;

// The same image is a swarm run's agent on each node that the CLI cannot reach itself.
if (args is ["agent"])
{
    using var stopping = new CancellationTokenSource();
    using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
    {
        signal.Cancel = true;
        stopping.Cancel();
    });
    await new EngineSocketRelay(Env.AgentEngineSocket, Env.AgentPort).RunAsync(stopping.Token);
    return;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://0.0.0.0:{Env.CoordinatorPort}");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
CoordinatorEndpoints.UseCMeshJson(builder.Services);

var plan = PlanFromEnvironment.Read();
var clock = TimeProvider.System;
var telemetry = new CoordinatorTelemetry();
var events = new CoordinatorEventLog(Path.Combine(Env.ResultsPath, "coordinator"), telemetry.Events);
var registry = new MeshRegistry(clock);
using var peers = new PeerProxy(registry, clock, TimeSpan.FromSeconds(2));
using var peerClocks = new PeerClockProbe(registry, clock, TimeSpan.FromSeconds(5));
var context = new CoordinatorContext(
    EnvironmentSettings.Required(Env.RunId),
    plan,
    await SwarmKey.ReadAsync(Env.SecretsPath, CancellationToken.None),
    registry,
    new MeshPhaseController(plan, registry, events, clock),
    events,
    telemetry,
    clock,
    clock.GetUtcNow(),
    ChaosLogFile.InResults(Env.ResultsPath),
    peers,
    peerClocks);

var app = builder.Build();
CoordinatorEndpoints.Map(app, context);
var agentToken = Path.Combine(Env.SecretsPath, Env.AgentTokenSecret);
AgentTunnel.Map(app, new AgentTunnel(
    File.Exists(agentToken) ? (await File.ReadAllTextAsync(agentToken)).Trim() : null,
    ct => AgentTunnel.ResolveAsync(Env.AgentAlias, ct),
    Env.AgentPort,
    clock,
    TimeSpan.FromSeconds(5)));
events.Record("coordinator-started", "", $"peers={plan.Peers} degree={plan.Degree} write_interval_ms={plan.WriteIntervalMs}");

var ticking = context.Phase.RunAsync(app.Lifetime.ApplicationStopping);

using var hostFile = new RecordFileWriter<HostSampleRecord>(Path.Combine(Env.ResultsPath, "coordinator"));
var hostSampler = new HostSampler(new HostCounters(), hostFile);
var sampling = new SecondTicker(clock).RunAsync(hostSampler.Sample, app.Lifetime.ApplicationStopping);

await app.RunAsync();
events.Record("coordinator-stopped", "", "");
await Task.WhenAll(ticking, sampling);
events.Dispose();
