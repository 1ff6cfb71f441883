using CMesh.Common.Records;
using CMesh.Report.Input;
using System.Net;
using System.Net.Sockets;
using CMesh.Common.Contracts;
using CMesh.Peer.Network;
using CMesh.Peer.Sync;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Peer;

public sealed class LinkManagerTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-links-").FullName;

    [Fact]
    public async Task A_failed_dial_moves_on_to_another_candidate_and_is_recorded_with_its_backoff()
    {
        // A degree of two makes the dialer try both candidates, whichever it picks first.
        var plan = new TestPlan(2, 1000, 16, 2, 2, 100, 1000, null);
        await using var reachable = new LoopbackPeer("peer-1", plan, _results, []);
        var nobodyListens = new PeerAddress("peer-9", $"127.0.0.1:{UnusedPort()}");

        await using var dialer = new LoopbackPeer("peer-2", plan, _results, [nobodyListens, reachable.Address]);

        await Eventually.True(() => dialer.Links.Contains("peer-1"));
        await Eventually.True(() => LinkEvents("peer-2").Any(e => e.Event == "dial-failed"));
        var failed = LinkEvents("peer-2").First(e => e.Event == "dial-failed");
        Assert.Equal("peer-9", failed.RemotePeer);
        Assert.Contains("retry in", failed.Detail);
    }

    [Fact]
    public async Task A_peer_at_its_maximum_degree_refuses_further_dials_as_full()
    {
        var plan = new TestPlan(3, 1000, 16, 1, 1, 100, 1000, null);
        await using var hub = new LoopbackPeer("peer-1", plan, _results, []);
        await using var first = new LoopbackPeer("peer-2", plan, _results, [hub.Address]);
        await Eventually.True(() => hub.Links.Count == 1);

        await using var late = new LoopbackPeer("peer-3", plan, _results, [hub.Address]);

        await Eventually.True(() => LinkEvents("peer-3").Any(e => e.Event == "dial-failed"));
        Assert.Contains("refused: full", LinkEvents("peer-3").First(e => e.Event == "dial-failed").Detail);
        Assert.Equal(1, hub.Links.Count);
        Assert.Equal(0, late.Links.Count);
    }

    [Fact]
    public async Task A_link_whose_remote_falls_silent_is_declared_dead_by_heartbeat_timeout_and_replaced_by_a_new_dial()
    {
        var plan = new TestPlan(2, 1000, 16, 1, 2, 100, 600, null);
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentAddress = new PeerAddress("peer-silent", $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        var answering = AnswerHelloThenSayNothingAsync(silent);

        await using var dialer = new LoopbackPeer("peer-2", plan, _results, [silentAddress], clock: clock);
        await AdvanceUntilAsync(clock, () => dialer.Links.Contains("peer-silent"));
        using var first = await answering;
        answering = AnswerHelloThenSayNothingAsync(silent);

        // Only the fake clock moves: 600 ms of silence on it, however long the test's machine takes.
        await AdvanceUntilAsync(clock, () => LinkEvents("peer-2").Any(e => e.Event == "close"));
        var close = LinkEvents("peer-2").First(e => e.Event == "close");
        Assert.Equal("peer-silent", close.RemotePeer);
        Assert.Matches("^heartbeat timeout after (6|7)[0-9]{2} ms of silence$", close.Detail);

        await AdvanceUntilAsync(clock, () => LinkEvents("peer-2").Count(e => e.Event == "open") == 2);
        Assert.True(LinkEvents("peer-2").Count(e => e.Event == "dial" && e.RemotePeer == "peer-silent") >= 2, "the dead link was not replaced by a new dial");
        using var second = await answering;
    }

    [Fact]
    public async Task In_a_lazy_push_triangle_where_every_peer_writes_the_links_left_out_of_a_writers_tree_are_not_replaced_as_silent()
    {
        var plan = new TestPlan(3, 1000, 16, 2, 2, 1000, 600_000, null, Gossip: GossipMode.Lazy);
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        await using var first = new LoopbackPeer("peer-1", plan, _results, [], clock: clock);
        await using var second = new LoopbackPeer("peer-2", plan, _results, [first.Address], clock: clock);
        await using var third = new LoopbackPeer("peer-3", plan, _results, [first.Address, second.Address], clock: clock);
        LoopbackPeer[] triangle = [first, second, third];
        await AdvanceUntilAsync(clock, () => triangle.All(p => p.Links.Count == 2));
        // Every peer writes, as in a run (the silent-neighbour rule assumes it). Each writer's update reaches the third
        // peer twice, so the second copy prunes a link from that writer's tree: it then carries the writer's announcements.
        // An update that reaches a peer only by announcement needs the gossip's timers, and so the fake clock, to move
        // (in small steps: the silent-neighbour window must not pass meanwhile).
        Array.ForEach(triangle, p => p.Replicator.WriteLocal([1]));
        await AdvanceUntilAsync(clock, () => triangle.All(LeftOutOfSomeTree), TimeSpan.FromMilliseconds(10));

        var step = TimeSpan.FromMilliseconds(100);
        for (var moved = TimeSpan.Zero; moved < TimeSpan.FromSeconds(25); moved += step)
        {
            if (moved.Ticks % TimeSpan.TicksPerSecond == 0)
            {
                Array.ForEach(triangle, p => p.Replicator.WriteLocal([2]));
            }

            clock.Advance(step);
            await Task.Delay(5);
        }

        Assert.All(triangle, p => Assert.Equal(2, p.Links.Count));
        // Only a replacement counts: two peers that dialled each other at once close one of the two links as they meet.
        Assert.All(triangle, p => Assert.DoesNotContain(LinkEvents(p.Address.PeerId), e => e.Event == "close" && e.Detail.StartsWith("replaced", StringComparison.Ordinal)));

        static bool LeftOutOfSomeTree(LoopbackPeer peer) =>
            peer.Gossip is LazyPushGossip lazy && peer.Links.RemotePeerIds.Any(remote => new[] { "peer-1", "peer-2", "peer-3" }.Any(writer => lazy.RoleOf(remote, writer) == GossipRole.Lazy));
    }

    [Fact]
    public async Task A_connection_that_sends_half_a_hello_is_closed_and_the_listener_goes_on_accepting()
    {
        var plan = new TestPlan(2, 1000, 16, 1, 2, 100, 1000, null);
        await using var listener = new LoopbackPeer("peer-1", plan, _results, []);
        using var stranger = new TcpClient();
        await stranger.ConnectAsync(IPEndPoint.Parse(listener.Address.Endpoint));
        var stream = stranger.GetStream();

        // A whole frame whose hello stops halfway through its swarm id: the length is honest, the body is cut short.
        using var encoded = new MemoryStream();
        await FrameCodec.WriteAsync(encoded, new HelloFrame("peer-x", "0123456789abcdef"), CancellationToken.None);
        var half = encoded.ToArray()[..^8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(half, (uint)(half.Length - 4));
        await stream.WriteAsync(half);

        // Closed well before the 3 s handshake timeout: refused for what it sent, not abandoned.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await stream.ReadAsync(new byte[1], limit.Token));
        await using var dialer = new LoopbackPeer("peer-2", plan, _results, [listener.Address]);
        await Eventually.True(() => listener.Links.Contains("peer-2") && dialer.Links.Contains("peer-1"));
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private List<LinkEventRecord> LinkEvents(string peer) =>
        CsvSource.Read<LinkEventRecord>(Path.Combine(_results, peer, LinkEventRecord.FileName), LinkEventRecord.FileName, new InputTally()).ToList();

    /// <summary>Moves the fake clock in small steps, letting the loopback sockets answer between them, until the condition holds.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> condition, TimeSpan? by = null)
    {
        var step = by ?? TimeSpan.FromMilliseconds(50);
        for (var moved = TimeSpan.Zero; !condition(); moved += step)
        {
            Assert.True(moved < TimeSpan.FromMinutes(1), "not true after a minute on the fake clock");
            clock.Advance(step);
            await Task.Delay(5);
        }
    }

    private static async Task<TcpClient> AnswerHelloThenSayNothingAsync(TcpListener listener)
    {
        var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var hello = Assert.IsType<HelloFrame>(await FrameCodec.ReadAsync(stream, CancellationToken.None));
        await FrameCodec.WriteAsync(stream, new HelloFrame("peer-silent", hello.SwarmId), CancellationToken.None);
        return client;
    }

    private static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
