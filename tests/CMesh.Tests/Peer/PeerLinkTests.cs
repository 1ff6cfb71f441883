using System.Net;
using System.Net.Sockets;
using CMesh.Common.Contracts;
using CMesh.Peer.Introspection;
using CMesh.Peer.Network;
using CMesh.Peer.Sync;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Peer;

/// <summary>One link's heartbeat against a remote played by the test, frame by frame, on a fake clock.</summary>
public sealed class PeerLinkTests
{
    [Fact]
    public async Task The_round_trip_is_taken_from_the_remotes_echo_less_the_time_it_held_the_heartbeat_and_ours_echo_back_in_turn()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        await using var wire = await Wire.OpenAsync(clock);
        var (link, remoteStream) = (wire.Link, wire.Remote);
        using var stop = new CancellationTokenSource();
        var running = link.RunAsync((_, _, _) => { }, stop.Token);

        link.Beat(TimeSpan.FromSeconds(5));
        var first = Assert.IsType<PingFrame>(await FrameCodec.ReadAsync(remoteStream, CancellationToken.None));
        Assert.Equal((0L, 0L), (first.EchoTicks, first.HeldMicros));
        Assert.Equal(-1, link.LastRttMicros);

        // The remote held our heartbeat 30 ms of the 100 that pass before its own arrives.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await FrameCodec.WriteAsync(remoteStream, new PingFrame(4242, first.SentAtTicks, 30_000), CancellationToken.None);
        await Eventually.True(() => link.LastRttMicros >= 0);
        Assert.Equal(70_000, link.LastRttMicros);
        Assert.Equal(TimeSpan.Zero, link.SinceLastRtt);

        clock.Advance(TimeSpan.FromMilliseconds(250));
        link.Beat(TimeSpan.FromSeconds(5));
        var second = Assert.IsType<PingFrame>(await FrameCodec.ReadAsync(remoteStream, CancellationToken.None));
        Assert.Equal((4242L, 250_000L), (second.EchoTicks, second.HeldMicros));

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_heartbeat_after_more_silence_than_the_timeout_closes_the_link_and_says_how_long()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        await using var wire = await Wire.OpenAsync(clock);
        var link = wire.Link;
        var running = link.RunAsync((_, _, _) => { }, CancellationToken.None);

        clock.Advance(TimeSpan.FromMilliseconds(900));
        link.Beat(TimeSpan.FromSeconds(1));
        Assert.False(running.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        link.Beat(TimeSpan.FromSeconds(1));

        Assert.Equal("heartbeat timeout after 1100 ms of silence", await running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_link_that_sent_other_frames_since_its_last_beat_skips_the_ping_but_pings_every_fifth_beat_and_an_idle_link_every_beat()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        await using var wire = await Wire.OpenAsync(clock);
        var (link, remoteStream) = (wire.Link, wire.Remote);
        using var stop = new CancellationTokenSource();
        var running = link.RunAsync((_, _, _) => { }, stop.Token);

        for (var beat = 1; beat <= PeerLink.BeatsPerRoundTrip; beat++)
        {
            link.Send(new PruneFrame($"w{beat}"));
            link.Beat(TimeSpan.FromSeconds(5));
        }

        link.Beat(TimeSpan.FromSeconds(5));
        var frames = new List<string>();
        for (var i = 0; i < PeerLink.BeatsPerRoundTrip + 2; i++)
        {
            frames.Add((await FrameCodec.ReadAsync(remoteStream, CancellationToken.None)) switch
            {
                PruneFrame prune => prune.Writer,
                var other => other!.GetType().Name,
            });
        }

        Assert.Equal(["w1", "w2", "w3", "w4", "w5", "PingFrame", "PingFrame"], frames);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Frames_sent_together_arrive_whole_and_in_order_each_counted_and_the_outbox_empties()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        await using var wire = await Wire.OpenAsync(clock);
        var (link, remoteStream) = (wire.Link, wire.Remote);
        using var stop = new CancellationTokenSource();
        var running = link.RunAsync((_, _, _) => { }, stop.Token);
        IGossipLink gossipLink = link;

        Assert.True(gossipLink.Send([new PruneFrame("w1"), new IHaveFrame([new AnnouncedRange(new UpdateRange("w2", 3, 2), 4)]), new PruneFrame("w3")]));
        Assert.True(link.Send(new PruneFrame("w4")));
        var frames = new List<Frame?>();
        for (var i = 0; i < 4; i++)
        {
            frames.Add(await FrameCodec.ReadAsync(remoteStream, CancellationToken.None));
        }

        Assert.Equal(new PruneFrame("w1"), frames[0]);
        Assert.Equal(new AnnouncedRange(new UpdateRange("w2", 3, 2), 4), Assert.Single(Assert.IsType<IHaveFrame>(frames[1]).Ranges));
        Assert.Equal([new PruneFrame("w3"), new PruneFrame("w4")], frames.Skip(2));
        Assert.Equal(4, link.Statistics.Snapshot().FramesOut);
        Assert.Equal(0, link.OutboxFrames);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task The_heartbeat_is_on_time_while_the_remote_was_heard_within_three_intervals_and_a_round_trip_taken_within_one_more_than_a_busy_links_pings_are_apart()
    {
        var interval = TimeSpan.FromSeconds(1);
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
        await using var wire = await Wire.OpenAsync(clock);
        var (link, remoteStream) = (wire.Link, wire.Remote);
        using var stop = new CancellationTokenSource();
        var running = link.RunAsync((_, _, _) => { }, stop.Token);
        var pending = LinkSnapshots.Of(link, interval, null).Heartbeat;

        link.Beat(TimeSpan.FromSeconds(30));
        var ping = Assert.IsType<PingFrame>(await FrameCodec.ReadAsync(remoteStream, CancellationToken.None));
        await FrameCodec.WriteAsync(remoteStream, new PingFrame(1, ping.SentAtTicks, 0), CancellationToken.None);
        await Eventually.True(() => link.LastRttMicros >= 0);
        var statuses = new List<HeartbeatStatus?>();
        foreach (var (advance, heardFromRemote) in new[] { (2.5, false), (1.0, false), (1.0, true), (2.0, true) })
        {
            clock.Advance(advance * interval);
            if (heardFromRemote)
            {
                await FrameCodec.WriteAsync(remoteStream, new PruneFrame("w"), CancellationToken.None);
                await Eventually.True(() => link.SinceLastReceived == TimeSpan.Zero);
            }

            statuses.Add(LinkSnapshots.Of(link, interval, null).Heartbeat);
        }

        Assert.Equal(HeartbeatStatus.Pending, pending);
        Assert.Equal([HeartbeatStatus.Ok, HeartbeatStatus.Late, HeartbeatStatus.Ok, HeartbeatStatus.Late], statuses);
        await stop.CancelAsync();
        await running;
    }

    /// <summary>A link over loopback TCP whose remote end is a bare stream the test reads and writes frame by frame.</summary>
    private sealed class Wire(TcpListener listener, TcpClient local, TcpClient remote, PeerLink link) : IAsyncDisposable
    {
        public PeerLink Link => link;

        public NetworkStream Remote => remote.GetStream();

        public static async Task<Wire> OpenAsync(TimeProvider clock)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var local = new TcpClient();
            await local.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
            var remote = await listener.AcceptTcpClientAsync();
            return new Wire(listener, local, remote, new PeerLink(local, local.GetStream(), "peer-remote", LinkDirection.Outbound, clock));
        }

        public async ValueTask DisposeAsync()
        {
            await link.DisposeAsync();
            remote.Dispose();
            local.Dispose();
            listener.Dispose();
        }
    }
}
