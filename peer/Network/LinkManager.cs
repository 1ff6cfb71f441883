using System.Collections.Concurrent;
using System.Diagnostics;
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
/// link that forwards nothing while others do is dropped and replaced.
/// </summary>
public sealed class LinkManager(
    PeerIdentity self,
    TestPlan plan,
    LinkTable links,
    IReplication replication,
    PeerRecords records,
    Func<CancellationToken, Task<IReadOnlyList<PeerAddress>>> discover)
{
    private const int ExchangedPeers = 16;
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ScoringWindow = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Candidate> _candidates = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly Dictionary<PeerLink, long> _updatesAtLastScoring = [];
    private readonly ConcurrentDictionary<string, ClosedLink> _closed = new();
    private volatile string? _dialing;
    private DateTimeOffset _nextDiscovery = DateTimeOffset.MinValue;
    private DateTimeOffset _nextScoring = DateTimeOffset.UtcNow + ScoringWindow;

    private TimeSpan HeartbeatInterval => TimeSpan.FromMilliseconds(plan.HeartbeatIntervalMs);

    private TimeSpan HeartbeatTimeout => TimeSpan.FromMilliseconds(plan.HeartbeatTimeoutMs);

    public void AddCandidates(IEnumerable<PeerAddress> peers, CandidateSource source)
    {
        foreach (var peer in peers.Where(p => p.PeerId != self.PeerId && IPEndPoint.TryParse(p.Endpoint, out _)))
        {
            var candidate = _candidates.GetOrAdd(peer.PeerId, _ => new Candidate(peer, source));
            candidate.Learnt(source);
        }
    }

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

    public async Task DialLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                ReplaceSilentLinks();
                if (links.Count >= plan.Degree)
                {
                    continue;
                }

                var candidate = NextCandidate();
                if (candidate is null)
                {
                    await RefreshCandidatesAsync(ct);
                    continue;
                }

                await DialAsync(candidate, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>Known peers this peer has no link with.</summary>
    public int Candidates => _candidates.Keys.Count(peerId => !links.Contains(peerId));

    /// <summary>The links that are not open: the dial in progress, then failed dials and closed links, most recent first.</summary>
    public IReadOnlyList<LinkSnapshot> NotOpen(int max)
    {
        var now = Stopwatch.GetTimestamp();
        var dialing = _dialing is { } remote ? [new LinkSnapshot(remote, LinkState.Connecting, "out")] : Array.Empty<LinkSnapshot>();
        var failed = _candidates.Values
            .Where(c => c.Failures > 0 && c.Address.PeerId != _dialing && !links.Contains(c.Address.PeerId))
            .Select(c => (At: c.FailedAtTicks, Link: new LinkSnapshot(
                c.Address.PeerId, LinkState.Failed, "out", c.LastError, c.LastFailure,
                StateAgeMs: Millis(now - c.FailedAtTicks), Failures: c.Failures,
                RetryInMs: Math.Max(0, (long)(c.NextAttempt - DateTimeOffset.UtcNow).TotalMilliseconds))));
        var closed = _closed
            .Where(c => !links.Contains(c.Key) && !(_candidates.TryGetValue(c.Key, out var candidate) && candidate.Failures > 0) && c.Key != _dialing)
            .Select(c => (At: c.Value.AtTicks, Link: new LinkSnapshot(
                c.Key, LinkState.Closed, c.Value.Direction, c.Value.Reason, CloseFailure(c.Value.Reason), StateAgeMs: Millis(now - c.Value.AtTicks))));
        return dialing.Concat(failed.Concat(closed).OrderByDescending(l => l.At).Select(l => l.Link)).Take(max).ToList();
    }

    /// <summary>Waits for every link task to end (they end when the token given to the loops is cancelled).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Keys);

    private Candidate? NextCandidate()
    {
        var now = DateTimeOffset.UtcNow;
        return _candidates.Values
            .Where(c => !links.Contains(c.Address.PeerId) && c.NextAttempt <= now)
            .OrderBy(c => c.Failures)
            .ThenByDescending(c => c.Source)
            .ThenBy(_ => Random.Shared.Next())
            .FirstOrDefault();
    }

    /// <summary>
    /// Every live peer writes, so a neighbour that sent no update at all for a whole window while others did is
    /// not forwarding: it is closed, tried last from then on, and the dial loop finds a replacement.
    /// </summary>
    private void ReplaceSilentLinks()
    {
        if (DateTimeOffset.UtcNow < _nextScoring)
        {
            return;
        }

        _nextScoring = DateTimeOffset.UtcNow + ScoringWindow;
        // Only links open for the whole window are judged.
        var updatesNow = links.Open().ToDictionary(l => l, l => l.Statistics.Snapshot().UpdatesIn);
        var received = updatesNow.Where(u => _updatesAtLastScoring.ContainsKey(u.Key))
            .ToDictionary(u => u.Key, u => u.Value - _updatesAtLastScoring[u.Key]);
        _updatesAtLastScoring.Clear();
        foreach (var (link, updates) in updatesNow)
        {
            _updatesAtLastScoring[link] = updates;
        }

        if (!received.Values.Any(n => n > 0))
        {
            return;
        }

        var reason = $"replaced: forwarded no update in {ScoringWindow.TotalSeconds:F0} s while other links did";
        foreach (var link in received.Where(r => r.Value == 0).Select(r => r.Key))
        {
            if (_candidates.TryGetValue(link.RemotePeerId, out var candidate))
            {
                candidate.Failed(MaxBackoff, null, reason);
            }

            link.Close(reason);
        }
    }

    private async Task RefreshCandidatesAsync(CancellationToken ct)
    {
        if (DateTimeOffset.UtcNow < _nextDiscovery)
        {
            return;
        }

        _nextDiscovery = DateTimeOffset.UtcNow.AddSeconds(2);
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
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(HandshakeTimeout);
            await client.ConnectAsync(IPEndPoint.Parse(remote.Endpoint), timeout.Token);
            var input = new BufferedStream(client.GetStream(), 16 * 1024);
            await FrameCodec.WriteAsync(client.GetStream(), new HelloFrame(self.PeerId, self.SwarmId), timeout.Token);
            switch (await FrameCodec.ReadAsync(input, timeout.Token))
            {
                case HelloFrame hello when hello.PeerId == remote.PeerId && hello.SwarmId == self.SwarmId:
                    candidate.Succeeded();
                    Open(new PeerLink(client, input, remote.PeerId, LinkDirection.Outbound), ct);
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
        var backoff = candidate.Failed(MaxBackoff, kind, reason);
        records.LinkEvent("dial-failed", candidate.Address.PeerId, "out", $"{reason}; retry in {backoff.TotalMilliseconds:F0} ms");
    }

    private async Task AcceptAsync(TcpClient client, CancellationToken ct)
    {
        client.NoDelay = true;
        var input = new BufferedStream(client.GetStream(), 16 * 1024);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(HandshakeTimeout);
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

            Open(new PeerLink(client, input, hello.PeerId, LinkDirection.Inbound), ct);
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
        _candidates.Values
            .Where(c => c.Address.PeerId != remotePeerId)
            .OrderBy(_ => Random.Shared.Next())
            .Take(ExchangedPeers)
            .Select(c => c.Address)
            .Append(new PeerAddress(self.PeerId, self.DataEndpoint))
            .ToList();

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
        var reason = await link.RunAsync(OnFrame, HeartbeatInterval, HeartbeatTimeout, ct);
        _closed[link.RemotePeerId] = new ClosedLink(Direction(link), reason, Stopwatch.GetTimestamp());
        links.Remove(link);
        await link.DisposeAsync();
        records.LinkEvent("close", link.RemotePeerId, Direction(link), reason);
    }

    private static string Direction(PeerLink link) => link.Direction == LinkDirection.Outbound ? "out" : "in";

    /// <summary>A link closed on purpose (replaced, shut down) is no failure.</summary>
    private static FailureKind? CloseFailure(string reason) =>
        reason.StartsWith("heartbeat timeout", StringComparison.Ordinal) ? FailureKind.Timeout
        : reason.StartsWith("replaced", StringComparison.Ordinal) || reason == "shutdown" ? null
        : FailureKind.Closed;

    private static long Millis(long stopwatchTicks) => stopwatchTicks * 1000 / Stopwatch.Frequency;

    private void Track(Task task)
    {
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>A peer we may dial, where we learnt of it, its failures and when it may be tried again.</summary>
    private sealed class Candidate(PeerAddress address, CandidateSource source)
    {
        public PeerAddress Address { get; } = address;

        public CandidateSource Source { get; private set; } = source;

        public int Failures { get; private set; }

        public DateTimeOffset NextAttempt { get; private set; } = DateTimeOffset.MinValue;

        public FailureKind? LastFailure { get; private set; }

        public string? LastError { get; private set; }

        public long FailedAtTicks { get; private set; }

        public void Learnt(CandidateSource source) => Source = (CandidateSource)Math.Max((int)Source, (int)source);

        /// <param name="kind">How the dial failed; null when the peer is set back for not forwarding.</param>
        public TimeSpan Failed(TimeSpan max, FailureKind? kind = null, string? reason = null)
        {
            Failures++;
            (LastFailure, LastError, FailedAtTicks) = (kind, reason, Stopwatch.GetTimestamp());
            var exponential = TimeSpan.FromMilliseconds(250 * Math.Pow(2, Math.Min(Failures, 10)));
            var backoff = TimeSpan.FromMilliseconds(Math.Min(exponential.TotalMilliseconds, max.TotalMilliseconds) * (0.5 + Random.Shared.NextDouble() / 2));
            NextAttempt = DateTimeOffset.UtcNow + backoff;
            return backoff;
        }

        public void Succeeded() => Failures = 0;
    }
}

/// <summary>How and when a link last closed, shown until the peer is linked or dialed again.</summary>
internal sealed record ClosedLink(string Direction, string Reason, long AtTicks);

/// <summary>Where a candidate was learnt, in rising order of preference.</summary>
public enum CandidateSource
{
    Bootstrap,
    Discovery,
    PeerExchange,
}
