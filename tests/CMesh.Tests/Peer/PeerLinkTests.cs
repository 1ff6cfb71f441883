using System.Net;
using System.Net.Sockets;
using CMesh.Peer.Network;
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
