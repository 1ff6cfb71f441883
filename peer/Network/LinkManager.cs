using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Peer.Records;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Network;

/// <summary>
/// Keeps this peer's links between the plan's degree and maximum. Bootstrap peers only get it in: peers learnt from
/// the coordinator's discovery and from peer exchange are preferred, so that bootstrap peers do not become
/// everyone's neighbours. A failed dial moves on to another candidate and backs off exponentially with jitter; a
/// link that forwards nothing while others do is dropped and replaced. With links enough but below the maximum, a
/// peer lost touch with (see <see cref="CandidateBook.Lost"/>) is probed every heartbeat timeout, so that the sides
/// of a healed partition link up again. Every wait goes through the clock it is given.
/// </summary>
public sealed class LinkManager(
    PeerIdentity self,
    TestPlan plan,
    LinkTable links,
    IReplication replication,
    PeerRecords records,
    Func<CancellationToken, Task<IReadOnlyList<PeerAddress>>> discover,
    TimeProvider clock,
    Random random)
{
    private const int ExchangedPeers = 16;
    private static readonly TimeSpan DialInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan DiscoveryInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(3);

    private readonly CandidateBook _book = new(self.PeerId, clock, random);
    private readonly SilentNeighbours<PeerLink> _silent = new(clock, SilenceWindow.For(TimeSpan.FromMilliseconds(plan.WriteIntervalMs)));
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly ConcurrentDictionary<string, ClosedLink> _closed = new();
    private volatile string? _dialing;
    private DateTimeOffset _nextDiscovery = DateTimeOffset.MinValue;
    private DateTimeOffset _nextProbe = DateTimeOffset.MinValue;

    private TimeSpan HeartbeatInterval => TimeSpan.FromMilliseconds(plan.HeartbeatIntervalMs);

    private TimeSpan HeartbeatTimeout => TimeSpan.FromMilliseconds(plan.HeartbeatTimeoutMs);

    public void AddCandidates(IEnumerable<PeerAddress> peers, CandidateSource source) => _book.Learn(peers, source);

    public async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            Track(AcceptAsync(client, ct));
        }
    }

    /// <summary>
    /// Keeps the links on one timer. Each heartbeat interval every open link beats (<see cref="PeerLink.Beat"/>). Each
    /// half second while links are missing, or each heartbeat interval (at least half a second) with links enough,
    /// unless a dial is still under way: links found silent are replaced, then the next candidate is dialled or, with
    /// links enough, a lost peer probed. Dials run beside the ticks, so a slow handshake never delays a heartbeat.
    /// One timer wake-up for all of it, rather than one per loop, is most of what an idle peer saves. The first upkeep
    /// runs at once: a peer just registered dials its first bootstrap peer without waiting for a tick.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var unsatisfiedTick = Shorter(DialInterval, HeartbeatInterval);
        var satisfiedUpkeep = Longer(DialInterval, HeartbeatInterval);
        var period = unsatisfiedTick;
        using var timer = new PeriodicTimer(period, clock);
        var lastBeat = clock.GetTimestamp();
        var lastUpkeep = lastBeat;
        var upkeep = UpkeepAsync(ct);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var satisfied = links.Count >= plan.Degree;
                if (Elapsed(ref lastBeat, HeartbeatInterval, period))
                {
                    foreach (var link in links.Open())
                    {
                        link.Beat(HeartbeatTimeout);
                    }
                }

                if (upkeep.IsCompleted && Elapsed(ref lastUpkeep, satisfied ? satisfiedUpkeep : DialInterval, period))
                {
                    await upkeep;
                    upkeep = UpkeepAsync(ct);
                }

                var wanted = satisfied ? HeartbeatInterval : unsatisfiedTick;
                if (wanted != period)
                {
                    timer.Period = period = wanted;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }

        await upkeep.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Known peers this peer has no link with.</summary>
    public int Candidates => _book.All.Count(c => !links.Contains(c.Address.PeerId));

    /// <summary>The links that are not open: the dial in progress, then failed dials and closed links, most recent first.</summary>
    public IReadOnlyList<LinkSnapshot> NotOpen(int max)
    {
        var now = clock.GetUtcNow();
        var dialing = _dialing is { } remote ? [new LinkSnapshot(remote, LinkState.Connecting, "out")] : Array.Empty<LinkSnapshot>();
        var failed = _book.All
            .Where(c => c.Failures > 0 && c.Address.PeerId != _dialing && !links.Contains(c.Address.PeerId))
            .Select(c => (At: c.FailedAt, Link: new LinkSnapshot(
                c.Address.PeerId, LinkState.Failed, "out", c.LastError, c.LastFailure,
                StateAgeMs: Millis(now - c.FailedAt), Failures: c.Failures,
                RetryInMs: Math.Max(0, Millis(c.NextAttempt - now)))));
        var closed = _closed
            .Where(c => !links.Contains(c.Key) && _book.Find(c.Key) is not { Failures: > 0 } && c.Key != _dialing)
            .Select(c => (At: c.Value.At, Link: new LinkSnapshot(
                c.Key, LinkState.Closed, c.Value.Direction, c.Value.Reason, CloseFailure(c.Value.Reason), StateAgeMs: Millis(now - c.Value.At))));
        return dialing.Concat(failed.Concat(closed).OrderByDescending(l => l.At).Select(l => l.Link)).Take(max).ToList();
    }

    /// <summary>Waits for every link task to end (they end when the token given to the loops is cancelled).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Keys);

    /// <summary>Whether <paramref name="interval"/> has passed since <paramref name="last"/>, give or take half a tick; if so, restarts it.</summary>
    private bool Elapsed(ref long last, TimeSpan interval, TimeSpan tick)
    {
        var now = clock.GetTimestamp();
        if (clock.GetElapsedTime(last, now) < interval - (tick / 2))
        {
            return false;
        }

        last = now;
        return true;
    }

    private static TimeSpan Shorter(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Longer(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private Task UpkeepAsync(CancellationToken ct)
    {
        ReplaceSilentLinks();
        if (links.Count >= plan.Degree)
        {
            return ProbeLostPeerAsync(ct);
        }

        return _book.Next(links.Contains) is { } candidate ? DialAsync(candidate, ct) : RefreshCandidatesAsync(ct);
    }

    /// <summary>A neighbour found not forwarding is closed and tried last from then on; a later tick dials a replacement.</summary>
    private void ReplaceSilentLinks()
    {
        var silent = _silent.Judge(links.Open().ToDictionary(l => l, l => l.Statistics.Snapshot().Forwarded));
        var reason = $"replaced: forwarded no update in {_silent.Window.TotalSeconds:F0} s while other links did";
        foreach (var link in silent)
        {
            _book.SetBack(link.RemotePeerId, reason);
            link.Close(reason);
        }
    }

    private async Task ProbeLostPeerAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (links.Count >= plan.MaxDegree || now < _nextProbe)
        {
            return;
        }

        _nextProbe = now + HeartbeatTimeout;
        if (_book.Lost(links.Contains, DiedOfSilence) is { } lost)
        {
            records.LinkEvent("probe", lost.Address.PeerId, "out", "lost touch: its last dial went unanswered or its link fell silent");
            await DialAsync(lost, ct);
        }
    }

    private bool DiedOfSilence(string peerId) =>
        _closed.TryGetValue(peerId, out var closed) && closed.Reason.StartsWith("heartbeat timeout", StringComparison.Ordinal);

    private async Task RefreshCandidatesAsync(CancellationToken ct)
    {
        if (clock.GetUtcNow() < _nextDiscovery)
        {
            return;
        }

        _nextDiscovery = clock.GetUtcNow() + DiscoveryInterval;
        try
        {
            AddCandidates(await discover(ct), CandidateSource.Discovery);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            records.LinkEvent("discovery-failed", "coordinator", "out", e.Message);
        }
    }

    private async Task DialAsync(Candidate candidate, CancellationToken ct)
    {
        _dialing = candidate.Address.PeerId;
        try
        {
            await HandshakeAsync(candidate, ct);
        }
        finally
        {
            _dialing = null;
        }
    }

    private async Task HandshakeAsync(Candidate candidate, CancellationToken ct)
    {
        var remote = candidate.Address;
        records.LinkEvent("dial", remote.PeerId, "out", remote.Endpoint);
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var limit = new CancellationTokenSource(HandshakeTimeout, clock);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
            await client.ConnectAsync(IPEndPoint.Parse(remote.Endpoint), timeout.Token);
            var input = new BufferedStream(client.GetStream(), 16 * 1024);
            await FrameCodec.WriteAsync(client.GetStream(), new HelloFrame(self.PeerId, self.SwarmId), timeout.Token);
            switch (await FrameCodec.ReadAsync(input, timeout.Token))
            {
                case HelloFrame hello when hello.PeerId == remote.PeerId && hello.SwarmId == self.SwarmId:
                    _book.Succeeded(candidate);
                    Open(new PeerLink(client, input, remote.PeerId, LinkDirection.Outbound, clock), ct);
                    return;
                case RejectFrame reject:
                    Failed(candidate, client, FailureKind.Rejected, $"refused: {reject.Reason}");
                    return;
                default:
                    Failed(candidate, client, FailureKind.Rejected, "bad hello");
                    return;
            }
        }
        catch (Exception e) when (e is SocketException or IOException or FrameFormatException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            Failed(candidate, client, FailureClassifier.Classify(e), e is OperationCanceledException ? "timeout" : e.Message);
        }
    }

    private void Failed(Candidate candidate, TcpClient client, FailureKind kind, string reason)
    {
        client.Dispose();
        var backoff = _book.DialFailed(candidate, kind, reason);
        records.LinkEvent("dial-failed", candidate.Address.PeerId, "out", $"{reason}; retry in {backoff.TotalMilliseconds:F0} ms");
    }

    private async Task AcceptAsync(TcpClient client, CancellationToken ct)
    {
        client.NoDelay = true;
        var input = new BufferedStream(client.GetStream(), 16 * 1024);
        try
        {
            using var limit = new CancellationTokenSource(HandshakeTimeout, clock);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
            if (await FrameCodec.ReadAsync(input, timeout.Token) is not HelloFrame hello)
            {
                client.Dispose();
                return;
            }

            var refusal = hello.SwarmId != self.SwarmId ? "wrong swarm"
                : links.Contains(hello.PeerId) ? "duplicate link"
                : links.Count >= plan.MaxDegree ? "full"
                : null;
            var answer = refusal is null ? new HelloFrame(self.PeerId, self.SwarmId) : (Frame)new RejectFrame(refusal);
            await FrameCodec.WriteAsync(client.GetStream(), answer, timeout.Token);
            if (refusal is not null)
            {
                records.LinkEvent("refused", hello.PeerId, "in", refusal);
                client.Dispose();
                return;
            }

            Open(new PeerLink(client, input, hello.PeerId, LinkDirection.Inbound, clock), ct);
        }
        catch (Exception e) when (e is SocketException or IOException or FrameFormatException or OperationCanceledException)
        {
            // A dialer that goes away, times out or sends no proper hello loses only its own connection.
            client.Dispose();
        }
    }

    private void Open(PeerLink link, CancellationToken ct)
    {
        if (!links.TryAdd(link))
        {
            records.LinkEvent("duplicate-closed", link.RemotePeerId, Direction(link));
            _ = link.DisposeAsync();
            return;
        }

        records.LinkEvent("open", link.RemotePeerId, Direction(link));
        replication.OnLinkOpened(link);
        link.Send(new PeerExchangeFrame(KnownPeersFor(link.RemotePeerId)));
        Track(RunLinkAsync(link, ct));
    }

    private IReadOnlyList<PeerAddress> KnownPeersFor(string remotePeerId) =>
        [.. _book.Sample(ExchangedPeers, remotePeerId), new PeerAddress(self.PeerId, self.DataEndpoint)];

    private void OnFrame(PeerLink link, Frame frame, long receivedAtMicros)
    {
        if (frame is PeerExchangeFrame exchange)
        {
            AddCandidates(exchange.Peers, CandidateSource.PeerExchange);
        }
        else
        {
            replication.OnFrame(link, frame, receivedAtMicros);
        }
    }

    private async Task RunLinkAsync(PeerLink link, CancellationToken ct)
    {
        var reason = await link.RunAsync(OnFrame, ct);
        _closed[link.RemotePeerId] = new ClosedLink(Direction(link), reason, clock.GetUtcNow());
        links.Remove(link);
        replication.OnLinkClosed(link);
        await link.DisposeAsync();
        records.LinkEvent("close", link.RemotePeerId, Direction(link), reason);
    }

    private static string Direction(PeerLink link) => link.Direction == LinkDirection.Outbound ? "out" : "in";

    /// <summary>A link closed on purpose (replaced, shut down) is no failure.</summary>
    private static FailureKind? CloseFailure(string reason) =>
        reason.StartsWith("heartbeat timeout", StringComparison.Ordinal) ? FailureKind.Timeout
        : reason.StartsWith("replaced", StringComparison.Ordinal) || reason == "shutdown" ? null
        : FailureKind.Closed;

    private static long Millis(TimeSpan span) => (long)span.TotalMilliseconds;

    private void Track(Task task)
    {
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }
}
