using System.Runtime.InteropServices;
using CMesh.Common;
using CMesh.Peer;
using CMesh.Peer.Coordination;
using CMesh.Peer.Network;
using CMesh.Peer.Records;
using CMesh.Peer.Sync;
using Env = CMesh.Common.ContainerEnvironment;

using var shutdown = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

var settings = PeerSettings.FromEnvironment();
var swarm = await SwarmKey.ReadAsync(Env.SecretsPath, shutdown.Token);
var address = DataAddress.Find(settings.DataSubnet);
var identity = new PeerIdentity(settings.PeerId, swarm.Id, $"{address}:{Env.PeerDataPort}");
var listener = PeerNode.Listen(Env.PeerDataPort);

await using var records = new PeerRecords(settings.ResultsDirectory);
using var store = new JournaledStore(new LogStore(), Path.Combine(settings.ResultsDirectory, "store.journal"));
if (store.Restored > 0)
{
    Console.WriteLine($"{settings.PeerId}: restarted with {store.Restored} updates from its journal");
}

// A backstop: heartbeats carry the plan's own, usually shorter, timeout.
using var http = new HttpClient { BaseAddress = settings.CoordinatorUrl, Timeout = TimeSpan.FromSeconds(10) };
var node = new PeerNode(identity, new CoordinatorClient(http, identity), records, store, Console.Out);
var exitCode = await node.RunAsync(listener, shutdown.Token);
listener.Stop();
return exitCode;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}
