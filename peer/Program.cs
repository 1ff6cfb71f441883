using System.Net;
using System.Runtime.InteropServices;
using CMesh.Common;
using CMesh.Common.Records;
using CMesh.Common.Timing;
using CMesh.Peer;
using CMesh.Peer.Coordination;
using CMesh.Peer.Engines;
using CMesh.Peer.Faults;
using CMesh.Peer.Introspection;
using CMesh.Peer.Network;
using CMesh.Peer.Records;
using CMesh.Peer.Sync;
using Env = CMesh.Common.ContainerEnvironment;

using var shutdown = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

var settings = PeerSettings.FromEnvironment();
var engine = EngineCommand.FromEnvironment();
var swarm = await SwarmKey.ReadAsync(Env.SecretsPath, shutdown.Token);
var address = LocalAddress.OnDataNetwork(settings.DataSubnet);
var identity = new PeerIdentity(settings.PeerId, swarm.Id, $"{address}:{Env.PeerDataPort}");
var introspectionEndpoint = new IPEndPoint(LocalAddress.OnControlNetwork(settings.DataSubnet), Env.PeerIntrospectionPort);

// Every timer of the peer on one thread of its own: the runtime's timers cost an idle peer three wake-ups for each.
using var clock = new TimerThreadTimeProvider("CMesh timers");
var telemetry = new PeerTelemetry(settings.PeerId);
await using var records = new PeerRecords(settings.ResultsDirectory, telemetry, clock);
var coordinatorLink = new CoordinatorLink(settings.CoordinatorUrl, telemetry.CoordinatorRoundTrip);
// A backstop: heartbeats carry the plan's own, usually shorter, timeout.
using var http = new HttpClient(coordinatorLink.Handler()) { BaseAddress = settings.CoordinatorUrl, Timeout = TimeSpan.FromSeconds(10) };
var view = new PeerView(identity, settings.RunId, introspectionEndpoint.ToString(), coordinatorLink, telemetry, new UpdateDrop());
await using var introspection = IntrospectionServer.Create(introspectionEndpoint, view, settings.PeerId, settings.RunId);
await introspection.StartAsync(shutdown.Token);

var session = new CoordinatorSession(new CoordinatorClient(http, identity, coordinatorLink), view, records, Console.Out, settings.PeerId, clock);
using var counters = new ProcessCounters(address);
var exitCode = engine is null
    ? await RunBuiltInEngineAsync()
    : await new AdapterNode(identity, engine, settings.RunId, address.ToString(), session, records, view, counters, Console.Out, clock).RunAsync(shutdown.Token);
await introspection.StopAsync(CancellationToken.None);
return exitCode;

async Task<int> RunBuiltInEngineAsync()
{
    var listener = PeerNode.Listen(Env.PeerDataPort);
    using var store = new JournaledStore(new LogStore(), settings.ResultsDirectory);
    if (store.Restored > 0)
    {
        var mended = JournaledWrites.RecordMissing(store, records, settings.PeerId);
        Console.WriteLine($"{settings.PeerId}: restarted with {store.Restored} updates from its journal{(mended > 0 ? $"; {mended} own writes a kill kept out of {WriteRecord.FileName} recorded from it" : "")}");
    }

    try
    {
        return await new PeerNode(identity, session, records, store, view, counters, Console.Out, clock).RunAsync(listener, shutdown.Token);
    }
    finally
    {
        listener.Stop();
    }
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}
