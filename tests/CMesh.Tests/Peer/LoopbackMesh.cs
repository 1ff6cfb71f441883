using System.Net;
using System.Net.Sockets;
using CMesh.Common.Contracts;
using CMesh.Peer;
using CMesh.Peer.Coordination;
using CMesh.Peer.Faults;
using CMesh.Peer.Introspection;
using CMesh.Peer.Network;
using CMesh.Peer.Records;
using CMesh.Peer.Sync;

namespace CMesh.Tests.Peer;

/// <summary>
/// Real peers' link layers and gossip (the plan's) on loopback, each with its own records folder, and the view that
/// introspection serves (its coordinator link points nowhere: these peers have no coordinator).
/// </summary>
internal sealed class LoopbackPeer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TcpListener _listener;
    private readonly Task _accepting;
    private readonly Task _linking;

    /// <param name="clock">The link layer's clock: the system's unless the test moves time itself.</param>
    public LoopbackPeer(string peerId, TestPlan plan, string resultsRoot, IReadOnlyList<PeerAddress> candidates, LogStore? store = null, TimeProvider? clock = null)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Address = new PeerAddress(peerId, $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        Telemetry = new PeerTelemetry(peerId);
        Records = new PeerRecords(Path.Combine(resultsRoot, peerId), Telemetry);
        Links = new LinkTable();
        Store = store ?? new LogStore();
        var probes = new ProbeTracker(peerId, Telemetry);
        Gossip = IGossip.For(plan.Gossip, peerId, Store, Links, clock ?? TimeProvider.System, UpdateDrop);
        Replicator = new Replicator(peerId, Store, Links, Records, plan.Sync, Gossip, probes, UpdateDrop);
        var identity = new PeerIdentity(peerId, "swarm", Address.Endpoint);
        Manager = new LinkManager(identity, plan, Links, Replicator, Records, _ => Task.FromResult(candidates), clock ?? TimeProvider.System, new Random(42));
        Manager.AddCandidates(candidates, CandidateSource.Bootstrap);
        Sampler = new SecondSampler(peerId, plan, Links, Store, Records, new ProcessCounters(IPAddress.Loopback));
        View = new PeerView(identity, "test-run", "127.0.0.1:0", new CoordinatorLink(new Uri("http://127.0.0.1:9/"), Telemetry.CoordinatorRoundTrip), Telemetry, UpdateDrop);
        View.Attach(new PeerParts(plan, Links, Replicator, Manager, Sampler, probes, Store));
        _accepting = Manager.AcceptLoopAsync(_listener, _stop.Token);
        _linking = Manager.RunAsync(_stop.Token);
    }

    public PeerAddress Address { get; }

    public UpdateDrop UpdateDrop { get; } = new();

    public PeerRecords Records { get; }

    public PeerTelemetry Telemetry { get; }

    public SecondSampler Sampler { get; }

    public PeerView View { get; }

    public LinkTable Links { get; }

    public LogStore Store { get; }

    public IGossip Gossip { get; }

    public Replicator Replicator { get; }

    public LinkManager Manager { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll(_accepting, _linking, Manager.DrainAsync());
        Gossip.Dispose();
        await Records.DisposeAsync();
        _stop.Dispose();
    }
}
