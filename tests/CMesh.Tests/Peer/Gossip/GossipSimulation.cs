using CMesh.Common.Contracts;
using CMesh.Peer.Network;
using CMesh.Peer.Sync;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Peer.Gossip;

/// <summary>
/// A deterministic message-level network of lazy-push peers. Every node is a <see cref="LogStore"/> and a
/// <see cref="LazyPushGossip"/> on one fake clock, handling frames as the replicator does (anti-entropy included).
/// Every frame goes through the codec and arrives after a seeded latency of 1 to <see cref="MaxLatencyMs"/> (5) ms, in
/// order per link (as on TCP), unless it is lost or duplicated as asked. Nothing happens unless <see cref="Run"/> moves the clock, 1 ms at a time.
/// </summary>
internal sealed class GossipSimulation : IDisposable
{
    public const int PayloadBytes = 64;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Random _random;
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Message, (long At, long Order)> _inFlight = new();
    private readonly Dictionary<SimulatedLink, long> _lastArrival = [];
    private long _now;
    private long _order;

    /// <summary>A connected random graph: a random tree, then random links until every node has at least <paramref name="degree"/>.</summary>
    /// <param name="options">The nodes' lazy-push timings and parents; the defaults when omitted.</param>
    public GossipSimulation(int nodes, int degree, int seed, LazyPushOptions? options = null)
    {
        _random = new Random(seed);
        var ids = Enumerable.Range(1, nodes).Select(i => $"peer-{i}").ToList();
        foreach (var id in ids)
        {
            _nodes[id] = new Node(id, _clock, options ?? LazyPushOptions.Default);
        }

        for (var i = 1; i < ids.Count; i++)
        {
            Connect(ids[i], ids[_random.Next(i)]);
        }

        foreach (var id in ids)
        {
            var others = ids.Where(o => o != id && !_nodes[id].Links.ContainsKey(o)).OrderBy(_ => _random.Next()).ToList();
            foreach (var other in others.Take(Math.Max(0, degree - _nodes[id].Links.Count)))
            {
                Connect(id, other);
            }
        }
    }

    /// <summary>The longest a frame takes to arrive, in milliseconds; each takes a seeded 1 ms to this.</summary>
    public int MaxLatencyMs { get; set; } = 5;

    /// <summary>The chance that a frame is lost.</summary>
    public double Loss { get; set; }

    /// <summary>The chance that a frame arrives twice.</summary>
    public double Duplication { get; set; }

    public Traffic Sent { get; private set; } = new();

    public IReadOnlyList<string> NodeIds => [.. _nodes.Keys];

    public IReadOnlyList<(string A, string B)> Links =>
        [.. _nodes.Values.SelectMany(n => n.Links.Keys.Where(r => string.CompareOrdinal(n.Id, r) < 0).Select(r => (n.Id, r)))];

    /// <summary>Links both ends push the writer's updates on: the writer's tree (with two parents, each node's second too).</summary>
    public IReadOnlyList<(string A, string B)> EagerLinksFor(string writer) =>
        [.. Links.Where(l => _nodes[l.A].Gossip.RoleOf(l.B, writer) == GossipRole.Eager && _nodes[l.B].Gossip.RoleOf(l.A, writer) == GossipRole.Eager)];

    /// <summary>Links whose two ends disagree on whether they push the writer's updates on them.</summary>
    public int HalfEagerLinksFor(string writer) => Links.Count(l => _nodes[l.A].Gossip.RoleOf(l.B, writer) != _nodes[l.B].Gossip.RoleOf(l.A, writer));

    public long Written { get; private set; }

    /// <summary>First deliveries of other writers' updates, all nodes.</summary>
    public long Delivered => _nodes.Values.Sum(n => n.Delivered);

    /// <summary>Update frames that brought an update already held, all nodes.</summary>
    public long Duplicates => _nodes.Values.Sum(n => n.Duplicates);

    /// <summary>Every node delivered every update another node wrote, and holds the same state.</summary>
    public bool Converged =>
        _nodes.Values.All(n => n.Delivered == Written - n.Written) && _nodes.Values.Select(n => n.Store.Digest()).Distinct().Count() == 1;

    public void ResetCounts() => Sent = new Traffic();

    public void Write(string nodeId)
    {
        var node = _nodes[nodeId];
        var update = node.Store.Write(nodeId, new byte[PayloadBytes], _now);
        node.Written++;
        Written++;
        node.Gossip.Forward(new UpdateFrame(update), from: null);
    }

    public string RandomNode() => NodeIds[_random.Next(_nodes.Count)];

    public (string A, string B) RandomLink() => Links[_random.Next(Links.Count)];

    /// <summary>Both ends lose the link; frames on their way over it are lost with it.</summary>
    public void Kill(string a, string b)
    {
        foreach (var (from, to) in new[] { (a, b), (b, a) })
        {
            var link = _nodes[from].Links[to];
            link.Closed = true;
            _nodes[from].Links.Remove(to);
            _nodes[from].Gossip.OnLinkClosed(link);
        }
    }

    /// <summary>A new link, eager at both ends; each end offers its summary, as the replicator does when a link opens.</summary>
    public void Connect(string a, string b)
    {
        foreach (var (from, to) in new[] { (a, b), (b, a) })
        {
            var link = new SimulatedLink(this, from, to);
            _nodes[from].Links[to] = link;
            _nodes[from].Gossip.OnLinkOpened(link);
        }

        _nodes[a].Links[b].Send(new SummaryFrame(_nodes[a].Store.Summary()));
        _nodes[b].Links[a].Send(new SummaryFrame(_nodes[b].Store.Summary()));
    }

    /// <summary>Anti-entropy: every node offers its version vector on every link.</summary>
    public void ExchangeSummaries()
    {
        foreach (var node in _nodes.Values)
        {
            foreach (var link in node.Links.Values)
            {
                link.Send(new SummaryFrame(node.Store.Summary(), Periodic: true));
            }
        }
    }

    /// <summary>Moves the clock 1 ms at a time, firing the gossips' timers and delivering every frame that is due.</summary>
    public void Run(TimeSpan duration)
    {
        for (var end = _now + (long)duration.TotalMilliseconds; _now < end;)
        {
            _now++;
            _clock.Advance(Tick);
            while (_inFlight.TryPeek(out var message, out var due) && due.At <= _now)
            {
                _inFlight.Dequeue();
                if (!message.Link.Closed)
                {
                    _nodes[message.Link.To].Receive(_nodes[message.Link.To].Links[message.Link.From], message.Frame);
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes.Values)
        {
            node.Gossip.Dispose();
        }
    }

    private bool Transmit(SimulatedLink link, Frame frame)
    {
        if (link.Closed)
        {
            return false;
        }

        var buffer = new byte[FrameCodec.MaxEncodedSize(frame)];
        var length = FrameCodec.Encode(frame, buffer);
        Sent.Count(frame, length);
        if (_random.NextDouble() < Loss)
        {
            return true;
        }

        var copies = _random.NextDouble() < Duplication ? 2 : 1;
        for (var copy = 0; copy < copies; copy++)
        {
            var at = Math.Max(_now + _random.Next(1, MaxLatencyMs + 1), _lastArrival.GetValueOrDefault(link));
            _lastArrival[link] = at;
            _inFlight.Enqueue(new Message(link, FrameCodec.Decode(buffer.AsSpan(4, length - 4))), (at, _order++));
        }

        return true;
    }

    private sealed record Message(SimulatedLink Link, Frame Frame);

    /// <summary>One end's side of a link: what it sends goes to the other end.</summary>
    private sealed class SimulatedLink(GossipSimulation network, string from, string to) : IGossipLink
    {
        public string From => from;

        public string To => to;

        public bool Closed { get; set; }

        public string RemotePeerId => to;

        public bool Send(Frame frame)
        {
            network.Sent.Write();
            return network.Transmit(this, frame);
        }

        public bool Send(IReadOnlyList<Frame> frames)
        {
            network.Sent.Write();
            return frames.Aggregate(true, (queued, frame) => network.Transmit(this, frame) && queued);
        }
    }

    private sealed class Node
    {
        public Node(string id, TimeProvider clock, LazyPushOptions options)
        {
            Id = id;
            Gossip = new LazyPushGossip(id, Store, clock, options);
        }

        public string Id { get; }

        public LogStore Store { get; } = new();

        public LazyPushGossip Gossip { get; }

        public Dictionary<string, SimulatedLink> Links { get; } = new(StringComparer.Ordinal);

        public long Written { get; set; }

        public long Delivered { get; private set; }

        public long Duplicates { get; private set; }

        /// <summary>What the replicator does with a frame that is not the link layer's.</summary>
        public void Receive(SimulatedLink link, Frame frame)
        {
            switch (frame)
            {
                case UpdateFrame update when Store.Apply(update.Update):
                    Delivered += update.Update.Writer == Id ? 0 : 1;
                    Gossip.Forward(update with { Update = update.Update with { Hops = update.Update.Hops + 1 } }, link);
                    break;
                case UpdateFrame duplicate:
                    Duplicates++;
                    Gossip.OnDuplicate(link, duplicate);
                    break;
                case SummaryFrame summary:
                    foreach (var missing in Store.Missing(summary.Summary))
                    {
                        link.Send(new UpdateFrame(missing, UpdateOrigin.Resync));
                    }

                    break;
                default:
                    Gossip.OnControl(link, frame);
                    break;
            }
        }
    }
}

/// <summary>Frames and bytes sent in a simulation, lost or not.</summary>
internal sealed class Traffic
{
    public long Bytes { get; private set; }

    public long Pushes { get; private set; }

    public long GraftAnswers { get; private set; }

    public long Announcements { get; private set; }

    public long Grafts { get; private set; }

    public long Fetches { get; private set; }

    public long Prunes { get; private set; }

    /// <summary>Writes to the links: frames sent together, as a real link writes them, count once.</summary>
    public long Writes { get; private set; }

    public void Write() => Writes++;

    public void Count(Frame frame, int bytes)
    {
        Bytes += bytes;
        switch (frame)
        {
            case UpdateFrame { Origin: UpdateOrigin.Push }:
                Pushes++;
                break;
            case UpdateFrame { Origin: UpdateOrigin.Graft }:
                GraftAnswers++;
                break;
            case IHaveFrame:
                Announcements++;
                break;
            case GraftFrame:
                Grafts++;
                break;
            case FetchFrame:
                Fetches++;
                break;
            case PruneFrame:
                Prunes++;
                break;
        }
    }
}
