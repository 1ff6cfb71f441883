using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Peer.Network;
using CMesh.Peer.Sync;
using CMesh.Tests.Peer.Gossip;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Peer;

public sealed class ReplicatorTests : IDisposable
{
    /// <summary>Links no loaded host times out (60 s), so a test that holds on to one link does not see it replaced.</summary>
    private static readonly TestPlan Plan = new(3, 1000, 16, 2, 4, 100, 60_000, null);
    /// <summary>Ends of a line that keep one link and refuse a second, so peer exchange cannot add a shortcut past the middle.</summary>
    private static readonly TestPlan LineEnd = Plan with { Degree = 1, MaxDegree = 1 };
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-flood-").FullName;

    [Theory]
    [InlineData(GossipMode.Flood, "flood")]
    [InlineData(GossipMode.Lazy, "eager")]
    public async Task An_update_written_on_one_peer_reaches_a_peer_two_hops_away(GossipMode gossip, string via)
    {
        await using var first = new LoopbackPeer("peer-1", LineEnd with { Gossip = gossip }, _results, []);
        await using var second = new LoopbackPeer("peer-2", Plan with { Gossip = gossip }, _results, [first.Address]);
        await using var third = new LoopbackPeer("peer-3", LineEnd with { Gossip = gossip }, _results, [second.Address]);
        await Eventually.True(() => first.Links.Count == 1 && third.Links.Count == 1 && second.Links.Count == 2);

        first.Replicator.WriteLocal([1, 2, 3]);

        await Eventually.True(() => third.Replicator.Delivered == 1 && second.Replicator.Delivered == 1);
        third.Records.Flush();
        var delivery = RecordsOf<DeliveryRecord>(third.Records.Directory).First();
        Assert.Equal(("peer-1", 1L, 2, "peer-2", via), (delivery.Writer, delivery.Seq, delivery.Hops, delivery.FromPeer, delivery.Via));
    }

    [Theory]
    [InlineData(GossipMode.Flood)]
    [InlineData(GossipMode.Lazy)]
    public async Task While_drop_updates_is_on_a_peer_sends_no_update_yet_keeps_its_link_and_heartbeats_and_anti_entropy_mends_the_gap_after(GossipMode gossip)
    {
        await using var first = new LoopbackPeer("peer-1", Plan with { Gossip = gossip }, _results, []);
        await using var second = new LoopbackPeer("peer-2", Plan with { Gossip = gossip }, _results, [first.Address]);
        await Eventually.True(() => first.Links.Count == 1 && second.Links.Count == 1);
        var link = second.Links.Open()[0];

        first.UpdateDrop.Set(true);
        first.Replicator.WriteLocal([1]);
        first.Replicator.WriteLocal([2]);
        second.Replicator.WriteLocal([3]);
        var framesIn = link.Statistics.Snapshot().FramesIn;
        await Eventually.True(() => first.Replicator.Delivered == 1 && link.Statistics.Snapshot().FramesIn >= framesIn + 3);

        Assert.Equal(0, second.Replicator.Delivered);
        // At least the two writes: a repair answering the link's opening summary, if it comes this late, is dropped too.
        Assert.True(first.UpdateDrop.Dropped >= 2, $"dropped {first.UpdateDrop.Dropped}");
        Assert.Same(link, Assert.Single(second.Links.Open()));
        Assert.Equal(0, link.Statistics.Snapshot().UpdatesIn);

        // Second's periodic summary names only peer-2, the one writer whose watermark rose since the link opened: first
        // knows second lacks peer-1's updates from the summary it heard when the link opened.
        Assert.True(first.UpdateDrop.Set(false));
        second.Replicator.ExchangeSummaries();
        await Eventually.True(() => second.Replicator.Delivered == 2);
    }

    [Fact]
    public async Task With_lazy_gossip_an_update_still_reaches_every_peer_after_an_eager_link_is_killed_fetched_over_a_lazy_link_which_then_joins_the_tree()
    {
        // Only the test moves this clock: no dial, heartbeat timeout or gossip timer runs unless it says so.
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        var plan = Plan with { Degree = 2, MaxDegree = 3, HeartbeatTimeoutMs = 600_000, Gossip = GossipMode.Lazy };
        var peers = new List<LoopbackPeer>();
        await using var mesh = new PeersDisposal(peers);
        for (var i = 1; i <= 6; i++)
        {
            // As the coordinator bootstraps: the peer started just before first.
            peers.Add(new LoopbackPeer($"peer-{i}", plan, _results, [.. peers.Select(p => p.Address).Reverse()], clock: clock));
        }

        // A ring with chords: every peer keeps two or three links. A peer dials once as it starts, then on the link
        // manager's 500 ms ticks only.
        await AdvanceUntilAsync(clock, DialTick, () => peers.All(p => p.Links.Count >= 2));
        await Eventually.True(() => peers.All(p => p.Links.RemotePeerIds.All(r => Peer(peers, r).Links.Contains(p.Address.PeerId))));
        foreach (var writer in peers)
        {
            writer.Replicator.WriteLocal([1]);
            await Eventually.True(() => peers.All(p => p.Store.Summary()[writer.Address.PeerId] == 1));
        }

        // The first floods' prunes are held for the announce hold and go in one batch per announce delay.
        await AdvanceAsync(clock, TimeSpan.FromMilliseconds(10), LazyPushOptions.Default.AnnounceDelay * 2);
        var (x, parent) = EagerLinkOnACycle(peers);
        x.Links.Get(parent.Address.PeerId)!.Close("killed by the test");
        await Eventually.True(() => !x.Links.Contains(parent.Address.PeerId) && !parent.Links.Contains(x.Address.PeerId));
        parent.Replicator.WriteLocal([2]);

        // The fetch comes at most 50 ms (announce delay) + 30 ms (fetch timeout) on, well before a graft could (250 ms
        // after the announcement), and the announcer that answered joins the tree at the graft timeout. The next dial
        // tick, 500 ms after the last, is never reached.
        await AdvanceUntilAsync(clock, TimeSpan.FromMilliseconds(10), () => peers.All(p => p.Store.Summary()[parent.Address.PeerId] == 2), TimeSpan.FromMilliseconds(240));
        var vias = peers.Where(p => p != parent).Select(p => LastVia(p, parent.Address.PeerId)).ToList();
        Assert.Equal("fetch", LastVia(x, parent.Address.PeerId));
        Assert.All(vias, via => Assert.Contains(via, new[] { "eager", "fetch" }));
        await AdvanceAsync(clock, TimeSpan.FromMilliseconds(10), LazyPushOptions.Default.GraftTimeout);

        // With the clock still, no announcement, fetch or graft can go: only pushes along the mended tree bring it.
        parent.Replicator.WriteLocal([3]);
        await Eventually.True(() => peers.All(p => p.Store.Summary()[parent.Address.PeerId] == 3));
        Assert.Equal("eager", LastVia(x, parent.Address.PeerId));
    }

    [Fact]
    public async Task A_peers_first_link_completes_its_first_opened_once_the_link_is_open()
    {
        await using var first = new LoopbackPeer("peer-1", Plan, _results, []);
        Assert.False(first.Links.FirstOpened.IsCompleted);

        await using var second = new LoopbackPeer("peer-2", Plan, _results, [first.Address]);
        await first.Links.FirstOpened.WaitAsync(TimeSpan.FromSeconds(10));
        await second.Links.FirstOpened.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, first.Links.Count);
    }

    [Fact]
    public async Task Links_stay_open_across_heartbeats()
    {
        // On the real clock: a timeout of thirty heartbeats, so that a host busy with the end-to-end tests (as in CI,
        // where the suites run at once) stalls the process for less than it; at ten a 1 s stall closed the link.
        var plan = Plan with { HeartbeatTimeoutMs = 3000 };
        await using var first = new LoopbackPeer("peer-1", plan, _results, []);
        await using var second = new LoopbackPeer("peer-2", plan, _results, [first.Address]);
        await Eventually.True(() => first.Links.Count == 1 && second.Links.Count == 1);

        await Task.Delay(TimeSpan.FromMilliseconds(4000));

        Assert.Equal(1, first.Links.Count);
        Assert.Equal(1, second.Links.Count);
        second.Records.Flush();
        Assert.DoesNotContain("close", File.ReadAllText(Path.Combine(second.Records.Directory, LinkEventRecord.FileName)));
    }

    [Theory]
    [InlineData(SyncMode.Delta)]
    [InlineData(SyncMode.Full)]
    public async Task A_peer_that_was_cut_off_receives_what_it_missed_as_soon_as_a_link_opens(SyncMode mode)
    {
        var plan = Plan with { Sync = mode };
        await using var writer = new LoopbackPeer("peer-1", plan, _results, []);
        for (var i = 0; i < 5; i++)
        {
            writer.Replicator.WriteLocal([(byte)i]);
        }

        await using var late = new LoopbackPeer("peer-2", plan, _results, [writer.Address]);

        await Eventually.True(() => late.Replicator.Delivered == 5);
        Assert.Equal(writer.Store.Digest(), late.Store.Digest());
        late.Records.Flush();
        Assert.All(RecordsOf<DeliveryRecord>(late.Records.Directory), d => Assert.Equal("sync", d.Via));
        await Eventually.True(() => RecordsOf<ReconnectRecord>(late.Records.Directory).Count == 1);
        var resync = RecordsOf<ReconnectRecord>(late.Records.Directory).Single();
        Assert.Equal(("peer-1", "first-link", mode.ToString().ToLowerInvariant(), 5L), (resync.FromPeer, resync.Trigger, resync.Mode, resync.MissingUpdates));
        Assert.True(resync.BytesIn > 0, "bytes received during the resync are counted");
    }

    [Fact]
    public async Task What_a_peer_wrote_while_cut_off_spreads_past_the_neighbour_it_resyncs_with()
    {
        var plan = Plan with { Degree = 1, MaxDegree = 2 };
        await using var far = new LoopbackPeer("peer-3", plan, _results, []);
        await using var middle = new LoopbackPeer("peer-2", plan, _results, [far.Address]);
        await Eventually.True(() => far.Links.Count == 1);
        var isolated = new LogStore();
        isolated.Write("peer-1", [42], 1);

        await using var returning = new LoopbackPeer("peer-1", plan, _results, [middle.Address], isolated);

        await Eventually.True(() => far.Store.Summary()["peer-1"] == 1);
    }

    [Fact]
    public async Task Delta_sync_sends_only_what_the_other_side_lacks_and_full_sync_sends_everything()
    {
        var deltaBytes = await BytesToCatchUpAsync(SyncMode.Delta);
        var fullBytes = await BytesToCatchUpAsync(SyncMode.Full);

        Assert.True(deltaBytes < fullBytes / 2, $"delta {deltaBytes} B, full {fullBytes} B");
    }

    [Fact]
    public async Task Peer_exchange_lets_a_peer_find_neighbours_it_was_never_told_about()
    {
        var plan = Plan with { Degree = 2, MaxDegree = 4 };
        await using var first = new LoopbackPeer("peer-1", plan, _results, []);
        await using var second = new LoopbackPeer("peer-2", plan, _results, [first.Address]);
        await Eventually.True(() => second.Links.Contains("peer-1"));

        await using var third = new LoopbackPeer("peer-3", plan, _results, [second.Address]);

        await Eventually.True(() => third.Links.Contains("peer-1"));
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private static readonly TimeSpan DialTick = TimeSpan.FromMilliseconds(500);

    private static LoopbackPeer Peer(IEnumerable<LoopbackPeer> peers, string peerId) => peers.Single(p => p.Address.PeerId == peerId);

    /// <summary>A link both ends push one end's updates on, whose loss leaves the mesh connected, as (the other end, the writer).</summary>
    private static (LoopbackPeer, LoopbackPeer) EagerLinkOnACycle(IReadOnlyList<LoopbackPeer> peers)
    {
        var edges = peers.SelectMany(p => p.Links.RemotePeerIds.Select(r => (A: p.Address.PeerId, B: r))).Where(e => string.CompareOrdinal(e.A, e.B) < 0).ToList();
        foreach (var (a, b) in edges.Concat(edges.Select(e => (A: e.B, B: e.A))))
        {
            var eager = PushesFor(Peer(peers, a), b, writer: b) && PushesFor(Peer(peers, b), a, writer: b);
            if (eager && Graph.IsConnected(peers.Select(p => p.Address.PeerId).ToList(), edges.Where(e => e != (a, b) && e != (b, a)).ToList()))
            {
                return (Peer(peers, a), Peer(peers, b));
            }
        }

        throw new InvalidOperationException($"no eager link on a cycle among {string.Join(" ", edges)}");
    }

    private static bool PushesFor(LoopbackPeer peer, string remote, string writer) =>
        ((LazyPushGossip)peer.Gossip).RoleOf(remote, writer) == GossipRole.Eager;

    private static string LastVia(LoopbackPeer reader, string writer)
    {
        reader.Records.Flush();
        return RecordsOf<DeliveryRecord>(reader.Records.Directory).Last(d => d.Writer == writer).Via;
    }

    private static List<T> RecordsOf<T>(string peerFolder) where T : IRecordFile<T> => PlainRecordFile.Read<T>(Path.Combine(peerFolder, T.FileName)).ToList();

    /// <summary>Moves the fake clock in steps, letting the loopback sockets answer between them, until the condition holds.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, TimeSpan step, Func<bool> condition, TimeSpan? limit = null)
    {
        var most = limit ?? TimeSpan.FromSeconds(9);
        for (var moved = TimeSpan.Zero; !condition(); moved += step)
        {
            Assert.True(moved < most, $"not true after {most.TotalMilliseconds} ms on the fake clock");
            clock.Advance(step);
            await Task.Delay(5);
        }
    }

    /// <summary>Moves the fake clock by the duration in steps, letting the loopback sockets answer between them.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider clock, TimeSpan step, TimeSpan duration)
    {
        for (var moved = TimeSpan.Zero; moved < duration; moved += step)
        {
            clock.Advance(step);
            await Task.Delay(5);
        }
    }

    /// <summary>Disposes every peer of a test, however many it made before failing.</summary>
    private sealed class PeersDisposal(List<LoopbackPeer> peers) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    /// <summary>Two peers share 50 updates; one goes away, comes back, and the bytes it receives to catch up on 5 new ones are counted.</summary>
    private async Task<long> BytesToCatchUpAsync(SyncMode mode)
    {
        var plan = Plan with { Sync = mode };
        var results = Path.Combine(_results, mode.ToString());
        await using var writer = new LoopbackPeer("peer-1", plan, results, []);
        for (var i = 0; i < 50; i++)
        {
            writer.Replicator.WriteLocal(new byte[64]);
        }

        var reader = new LoopbackPeer("peer-2", plan, results, [writer.Address]);
        await Eventually.True(() => reader.Replicator.Delivered == 50);
        var store = reader.Store;
        await reader.DisposeAsync();
        await Eventually.True(() => writer.Links.Count == 0);
        for (var i = 0; i < 5; i++)
        {
            writer.Replicator.WriteLocal(new byte[64]);
        }

        await using var back = new LoopbackPeer("peer-2", plan, Path.Combine(results, "again"), [writer.Address], store: store);
        await Eventually.True(() => back.Store.Summary()["peer-1"] == 55);
        await Eventually.True(() => back.Links.Open().Count == 1);
        await Task.Delay(200);
        return back.Links.Open()[0].Statistics.Snapshot().BytesIn;
    }
}
