using System.Net;
using System.Runtime.InteropServices;
using CMesh.Common;
using CMesh.Peer;
using CMesh.Peer.Coordination;
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
var swarm = await SwarmKey.ReadAsync(Env.SecretsPath, shutdown.Token);
var address = LocalAddress.OnDataNetwork(settings.DataSubnet);
var identity = new PeerIdentity(settings.PeerId, swarm.Id, $"{address}:{Env.PeerDataPort}");
var introspectionEndpoint = new IPEndPoint(LocalAddress.OnControlNetwork(settings.DataSubnet), Env.PeerIntrospectionPort);
var listener = PeerNode.Listen(Env.PeerDataPort);

var telemetry = new PeerTelemetry(settings.PeerId);
await using var records = new PeerRecords(settings.ResultsDirectory, telemetry);
using var store = new JournaledStore(new LogStore(), settings.ResultsDirectory);
if (store.Restored > 0)
{
    Console.WriteLine($"{settings.PeerId}: restarted with {store.Restored} updates from its journal");
}

var coordinatorLink = new CoordinatorLink(settings.CoordinatorUrl, telemetry.CoordinatorRoundTrip);
// A backstop: heartbeats carry the plan's own, usually shorter, timeout.
using var http = new HttpClient(coordinatorLink.Handler()) { BaseAddress = settings.CoordinatorUrl, Timeout = TimeSpan.FromSeconds(10) };
var view = new PeerView(identity, settings.RunId, introspectionEndpoint.ToString(), coordinatorLink, store, telemetry, new UpdateDrop());
await using var introspection = IntrospectionServer.Create(introspectionEndpoint, view, settings.PeerId, settings.RunId);
await introspection.StartAsync(shutdown.Token);

var node = new PeerNode(identity, new CoordinatorClient(http, identity, coordinatorLink), records, store, view, new ProcessCounters(address), Console.Out);
var exitCode = await node.RunAsync(listener, shutdown.Token);
listener.Stop();
await introspection.StopAsync(CancellationToken.None);
return exitCode;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}
