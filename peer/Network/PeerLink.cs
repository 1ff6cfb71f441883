using System.Net.Sockets;
using System.Threading.Channels;
using CMesh.Common;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Network;

/// <summary>
/// One open TCP link to another peer, after the hello exchange: a reader and a writer fed by a queue. Its heartbeat
/// (<see cref="Beat"/>, which the owner calls for all links at once each interval) declares it dead when the remote
/// has gone silent, and pings when the link had nothing else to send (or every <see cref="BeatsPerRoundTrip"/>th beat,
/// for the round trip). Reads and writes run at once, so each side has its own buffer over the socket (one
/// BufferedStream cannot serve both).
/// </summary>
public sealed class PeerLink : IAsyncDisposable, IGossipLink
{
    private readonly TcpClient _client;
    private readonly Stream _input;
    private readonly Stream _output;
    // Synchronous continuations let the thread that queues a frame go on to send it, instead of waking another
    // thread per frame: on a loaded host every wake-up costs scheduling delay on every hop.
    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly TimeProvider _clock;
    private readonly long _openedTicks;
    private long _lastReceivedTicks;
    private long _lastRttMicros = -1;
    private long _lastRttTicks;
    // The remote's last heartbeat: its send time on the remote's clock, and when it arrived on ours.
    private long _remoteBeatSentTicks;
    private long _remoteBeatReceivedTicks;
    private long _lastUpdateTicks;
    // The single-reader channel cannot count its items, so the queue depth is kept here.
    private int _queued;
    private int _sentSinceBeat;
    private int _beatsWithoutPing;
    private string? _closeReason;

    /// <param name="input">The buffered read side, which may already hold bytes read past the hello.</param>
    /// <param name="clock">Times heartbeats, their round trips and the silences that declare the link dead.</param>
    public PeerLink(TcpClient client, Stream input, string remotePeerId, LinkDirection direction, TimeProvider clock)
    {
        _clock = clock;
        _openedTicks = _lastReceivedTicks = clock.GetTimestamp();
        _client = client;
        _input = input;
        _output = new BufferedStream(client.GetStream(), 16 * 1024);
        RemotePeerId = remotePeerId;
        Direction = direction;
    }

    public string RemotePeerId { get; }

    public LinkDirection Direction { get; }

    /// <summary>Last heartbeat round trip in microseconds; -1 before the first heartbeat that echoed one of ours.</summary>
    public long LastRttMicros => Interlocked.Read(ref _lastRttMicros);

    /// <summary>
    /// A link that sent other frames since its last beat skips the ping, as those frames keep the far end's silence
    /// short, but pings at least every this many beats so that the round trip stays measured. At 100 peers on one host
    /// the pings of busy links were a tenth of the bytes the links carried (bench/README.md).
    /// </summary>
    public const int BeatsPerRoundTrip = 5;

    public LinkStatistics Statistics { get; } = new();

    /// <summary>The link's anti-entropy: what each end offered and heard, and what the frames it carried showed them to hold.</summary>
    public SummaryExchange Summaries { get; } = new();

    public TimeSpan OpenFor => _clock.GetElapsedTime(_openedTicks);

    public TimeSpan SinceLastReceived => _clock.GetElapsedTime(Interlocked.Read(ref _lastReceivedTicks));

    /// <summary>Since the last round trip was taken; null before the first.</summary>
    public TimeSpan? SinceLastRtt => Since(ref _lastRttTicks);

    /// <summary>Since an update or an announcement of updates (not a heartbeat, summary or peer exchange) arrived; null before the first.</summary>
    public TimeSpan? SinceLastUpdate => Since(ref _lastUpdateTicks);

    /// <summary>Frames queued and not yet written.</summary>
    public int OutboxFrames => Volatile.Read(ref _queued);

    /// <summary>When the last frame of any kind arrived (Unix µs).</summary>
    public long LastReceivedMicros => UnixTime.NowMicros() - (long)_clock.GetElapsedTime(Interlocked.Read(ref _lastReceivedTicks)).TotalMicroseconds;

    public bool Send(Frame frame) => Queue(new Outgoing(frame, null), 1);

    public bool Send(IReadOnlyList<Frame> frames) => frames.Count switch
    {
        0 => true,
        1 => Send(frames[0]),
        _ => Queue(new Outgoing(null, frames), frames.Count),
    };

    /// <summary>
    /// One heartbeat: closes the link if nothing arrived for longer than <paramref name="timeout"/>, otherwise sends
    /// a ping that echoes the remote's last one, unless other frames went since the last beat and the last ping went
    /// fewer than <see cref="BeatsPerRoundTrip"/> beats ago. Only the owner's timer calls it, one beat at a time.
    /// </summary>
    public void Beat(TimeSpan timeout)
    {
        var silence = SinceLastReceived;
        if (silence > timeout)
        {
            Close($"heartbeat timeout after {silence.TotalMilliseconds:F0} ms of silence");
            return;
        }

        if (Interlocked.Exchange(ref _sentSinceBeat, 0) == 1 && ++_beatsWithoutPing < BeatsPerRoundTrip)
        {
            return;
        }

        _beatsWithoutPing = 0;

        var now = _clock.GetTimestamp();
        var echo = Interlocked.Read(ref _remoteBeatSentTicks);
        var held = echo == 0 ? 0 : (long)_clock.GetElapsedTime(Interlocked.Read(ref _remoteBeatReceivedTicks), now).TotalMicroseconds;
        Send(new PingFrame(now, echo, held));
    }

    /// <summary>Closes the link on purpose; <see cref="RunAsync"/> then returns this reason.</summary>
    public void Close(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed and disposed.
        }
    }

    /// <summary>Runs the link until it fails, the remote closes it, or ct is cancelled; returns why it ended.</summary>
    /// <param name="onFrame">Gets every frame but heartbeats, with the time it was decoded (Unix µs).</param>
    public async Task<string> RunAsync(Action<PeerLink, Frame, long> onFrame, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _closing.Token);
        var reading = ReadLoopAsync(onFrame, linked.Token);
        var writing = WriteLoopAsync(linked.Token);
        var first = await Task.WhenAny(reading, writing);
        await linked.CancelAsync();
        _client.Close();
        await Task.WhenAll(reading, writing).ContinueWith(_ => { }, TaskScheduler.Default);
        return ct.IsCancellationRequested ? "shutdown"
            : _closeReason is { } deliberate ? deliberate
            : first.IsFaulted ? $"failed: {first.Exception!.InnerException!.GetType().Name}: {first.Exception.InnerException.Message}"
            : first.Result;
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _client.Dispose();
        _closing.Dispose();
    }

    private bool Queue(Outgoing outgoing, int frames)
    {
        Interlocked.Add(ref _queued, frames);
        if (!_outbox.Writer.TryWrite(outgoing))
        {
            Interlocked.Add(ref _queued, -frames);
            return false;
        }

        if (outgoing.Frame is not PingFrame)
        {
            Volatile.Write(ref _sentSinceBeat, 1);
        }

        if (outgoing.Frame is { } single)
        {
            Summaries.Sent(single);
        }
        else
        {
            foreach (var frame in outgoing.Frames!)
            {
                Summaries.Sent(frame);
            }
        }

        return true;
    }

    private TimeSpan? Since(ref long ticks) =>
        Interlocked.Read(ref ticks) is var at and not 0 ? _clock.GetElapsedTime(at) : null;

    private void Heard(PingFrame ping)
    {
        var now = _clock.GetTimestamp();
        Interlocked.Exchange(ref _remoteBeatSentTicks, ping.SentAtTicks);
        Interlocked.Exchange(ref _remoteBeatReceivedTicks, now);
        if (ping.EchoTicks != 0)
        {
            var rtt = _clock.GetElapsedTime(ping.EchoTicks, now) - TimeSpan.FromMicroseconds(ping.HeldMicros);
            Interlocked.Exchange(ref _lastRttMicros, Math.Max(0, (long)rtt.TotalMicroseconds));
            Interlocked.Exchange(ref _lastRttTicks, now);
        }
    }

    private async Task<string> ReadLoopAsync(Action<PeerLink, Frame, long> onFrame, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (await FrameCodec.ReadSizedAsync(_input, ct) is not var (frame, bytes))
                {
                    return "closed by remote";
                }

                var receivedAt = UnixTime.NowMicros();
                Interlocked.Exchange(ref _lastReceivedTicks, _clock.GetTimestamp());
                Statistics.Received(frame, bytes);
                switch (frame)
                {
                    case PingFrame ping:
                        Heard(ping);
                        break;
                    case HelloFrame or RejectFrame:
                        return $"unexpected {frame.GetType().Name} after the handshake";
                    default:
                        // A lazy link of lazy-push gossip carries announcements instead of updates, and is no less alive.
                        if (frame is UpdateFrame or IHaveFrame)
                        {
                            Interlocked.Exchange(ref _lastUpdateTicks, _clock.GetTimestamp());
                        }

                        Summaries.Received(frame);
                        onFrame(this, frame, receivedAt);
                        break;
                }
            }

            return "shutdown";
        }
        catch (Exception e) when (e is IOException or SocketException or FrameFormatException or ObjectDisposedException or OperationCanceledException)
        {
            return ct.IsCancellationRequested ? "shutdown" : $"read failed: {e.Message}";
        }
    }

    private async Task<string> WriteLoopAsync(CancellationToken ct)
    {
        try
        {
            // Write everything queued, then flush once: one syscall per burst rather than per frame.
            while (await _outbox.Reader.WaitToReadAsync(ct))
            {
                while (_outbox.Reader.TryRead(out var outgoing))
                {
                    if (outgoing.Frame is { } single)
                    {
                        await WriteAsync(single, ct);
                        continue;
                    }

                    foreach (var frame in outgoing.Frames!)
                    {
                        await WriteAsync(frame, ct);
                    }
                }

                await _output.FlushAsync(ct);
            }

            return "shutdown";
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return ct.IsCancellationRequested ? "shutdown" : $"write failed: {e.Message}";
        }
    }

    private async ValueTask WriteAsync(Frame frame, CancellationToken ct)
    {
        Interlocked.Decrement(ref _queued);
        Statistics.Sent(frame, await FrameCodec.WriteAsync(_output, frame, ct));
    }

    /// <summary>What one send queued: a frame, or frames to be written together.</summary>
    private readonly record struct Outgoing(Frame? Frame, IReadOnlyList<Frame>? Frames);
}
