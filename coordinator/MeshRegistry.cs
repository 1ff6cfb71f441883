using System.Collections.Concurrent;
using System.Text.Json;
using CMesh.Common.Contracts;

namespace CMesh.Coordinator;

/// <summary>The peers that have registered and what their last heartbeat said.</summary>
public sealed class MeshRegistry(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, PeerEntry> _peers = new();
    private readonly Lock _changing = new();
    private int _ready;
    private long _registrations;
    private long _heartbeats;

    public int Count => _peers.Count;

    /// <summary>
    /// Registers (or re-registers) a peer and picks its bootstrap peers. The peer registered just before it always
    /// comes first: every peer then links to an earlier one, so the mesh is connected by construction.
    /// </summary>
    /// <param name="introspectionEndpoint">Where the peer serves GET /state on the control network, when it says.</param>
    /// <param name="contact">The engine adapter's contact, handed on with the peer's address.</param>
    public IReadOnlyList<PeerAddress> Register(string peerId, string endpoint, int bootstrapCount, string? introspectionEndpoint = null, JsonElement? contact = null)
    {
        var order = Interlocked.Increment(ref _registrations);
        var now = clock.GetUtcNow();
        var earlier = _peers.Values.Where(p => p.PeerId != peerId).OrderByDescending(p => p.Order).ToList();
        Replace(peerId, new PeerEntry(peerId, endpoint, order, now, now, PeerState.Registered, [], 0, 0)
        {
            IntrospectionEndpoint = introspectionEndpoint,
            Contact = contact,
        });
        if (earlier.Count == 0)
        {
            return [];
        }

        var others = earlier.Skip(1).OrderBy(_ => Random.Shared.Next()).Take(bootstrapCount - 1);
        return earlier.Take(1).Concat(others).Select(p => p.Address).ToList();
    }

    /// <summary>Records a heartbeat; false when the peer is unknown (it must register again).</summary>
    public bool Heartbeat(string peerId, HeartbeatRequest beat)
    {
        if (!_peers.TryGetValue(peerId, out var entry))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        Interlocked.Increment(ref _heartbeats);
        Replace(peerId, entry with
        {
            LastHeartbeat = now,
            State = beat.State,
            Links = beat.Links,
            Written = beat.Written,
            Delivered = beat.Delivered,
            Held = beat.Held,
            Health = beat.Health ?? entry.Health,
            BytesInPerSecond = Rate(entry.Health?.BytesIn, beat.Health?.BytesIn, now - entry.LastHeartbeat) ?? entry.BytesInPerSecond,
            BytesOutPerSecond = Rate(entry.Health?.BytesOut, beat.Health?.BytesOut, now - entry.LastHeartbeat) ?? entry.BytesOutPerSecond,
        });
        return true;
    }

    /// <summary>Keeps the count of ready peers as entries change, so that a heartbeat costs the same in any mesh.</summary>
    private void Replace(string peerId, PeerEntry entry)
    {
        lock (_changing)
        {
            var wasReady = _peers.TryGetValue(peerId, out var before) && before.IsReady;
            _peers[peerId] = entry;
            _ready += (entry.IsReady ? 1 : 0) - (wasReady ? 1 : 0);
        }
    }

    /// <summary>Heartbeats received since the coordinator started.</summary>
    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    /// <summary>Every registered peer with what its last heartbeat said, in registration order.</summary>
    public IReadOnlyList<RegisteredPeer> Peers() => _peers.Values.OrderBy(p => p.Order).Select(Registered).ToList();

    /// <summary>One peer as its last heartbeat described it; null when it has not registered.</summary>
    public RegisteredPeer? Find(string peerId) => _peers.TryGetValue(peerId, out var entry) ? Registered(entry) : null;

    private static RegisteredPeer Registered(PeerEntry p) =>
        new(p.PeerId, p.Endpoint, p.IntrospectionEndpoint, p.State, p.Written, p.Delivered, p.LastHeartbeat, p.Health, p.BytesInPerSecond, p.BytesOutPerSecond, p.Held);

    private static double? Rate(long? before, long? after, TimeSpan elapsed) =>
        before is { } b && after is { } a && elapsed > TimeSpan.Zero && a >= b ? (a - b) / elapsed.TotalSeconds : null;

    public IReadOnlyList<PeerAddress> Discover(string askingPeer, int count) =>
        _peers.Values
            .Where(p => p.PeerId != askingPeer)
            .OrderBy(_ => Random.Shared.Next())
            .Take(count)
            .Select(p => p.Address)
            .ToList();

    /// <summary>Every expected peer has registered and has at least one open link.</summary>
    public bool AllReady(int expected)
    {
        lock (_changing)
        {
            return _peers.Count >= expected && _ready == _peers.Count;
        }
    }

    public IReadOnlyList<PeerStatus> Snapshot(TestPlan plan)
    {
        var now = clock.GetUtcNow();
        return _peers.Values
            .OrderBy(p => p.Order)
            .Select(p =>
            {
                var ageMs = (long)(now - p.LastHeartbeat).TotalMilliseconds;
                return new PeerStatus(
                    p.PeerId, p.State, p.Endpoint, p.Links, p.Written, p.Delivered, p.RegisteredAt, p.LastHeartbeat,
                    ageMs, MeshViewBuilder.Freshness(ageMs, plan));
            })
            .ToList();
    }

    private sealed record PeerEntry(
        string PeerId,
        string Endpoint,
        long Order,
        DateTimeOffset RegisteredAt,
        DateTimeOffset LastHeartbeat,
        PeerState State,
        IReadOnlyList<string> Links,
        long Written,
        long Delivered)
    {
        public string? IntrospectionEndpoint { get; init; }

        public JsonElement? Contact { get; init; }

        public PeerAddress Address => new(PeerId, Endpoint, Contact);

        public bool IsReady => State >= PeerState.Ready && Links.Count > 0;

        public NodeHealth? Health { get; init; }

        public long? Held { get; init; }

        public double BytesInPerSecond { get; init; }

        public double BytesOutPerSecond { get; init; }
    }
}

/// <summary>A registered peer as its last heartbeat described it; rates are over the last two heartbeats.</summary>
/// <param name="Held">Updates its state holds, as it last said; null from peers that do not say.</param>
public sealed record RegisteredPeer(
    string PeerId,
    string DataEndpoint,
    string? IntrospectionEndpoint,
    PeerState State,
    long Written,
    long Delivered,
    DateTimeOffset LastHeartbeat,
    NodeHealth? Health,
    double BytesInPerSecond,
    double BytesOutPerSecond,
    long? Held = null);
