using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CMesh.Common.Contracts;
using CMesh.Peer.Records;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Network;

/// <summary>
/// Keeps this peer's links between the plan's degree and maximum: accepts inbound dials, dials known candidates
/// until the degree is reached, and moves on to another candidate, with backoff, when a dial fails.
/// </summary>
public sealed class LinkManager(
    PeerIdentity self,
    TestPlan plan,
    LinkTable links,
    IUpdateHandler updates,
    PeerRecords records,
    Func<CancellationToken, Task<IReadOnlyList<PeerAddress>>> discover)
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Candidate> _candidates = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private DateTimeOffset _nextDiscovery = DateTimeOffset.MinValue;

    private TimeSpan HeartbeatInterval => TimeSpan.FromMilliseconds(plan.HeartbeatIntervalMs);

    private TimeSpan HeartbeatTimeout => TimeSpan.FromMilliseconds(plan.HeartbeatTimeoutMs);

    public void AddCandidates(IEnumerable<PeerAddress> peers)
    {
        foreach (var peer in peers.Where(p => p.PeerId != self.PeerId))
        {
            _candidates.TryAdd(peer.PeerId, new Candidate(peer));
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

    /// <summary>Waits for every link task to end (they end when the token given to the loops is cancelled).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Keys);

    private Candidate? NextCandidate()
    {
        var now = DateTimeOffset.UtcNow;
        return _candidates.Values
            .Where(c => !links.Contains(c.Address.PeerId) && c.NextAttempt <= now)
            .OrderBy(c => c.Failures)
            .ThenBy(_ => Random.Shared.Next())
            .FirstOrDefault();
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
            AddCandidates(await discover(ct));
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            records.LinkEvent("discovery-failed", "coordinator", "out", e.Message);
        }
    }

    private async Task DialAsync(Candidate candidate, CancellationToken ct)
    {
        var remote = candidate.Address;
        if (!IPEndPoint.TryParse(remote.Endpoint, out var endpoint))
        {
            Failed(candidate, new TcpClient(), $"bad endpoint '{remote.Endpoint}'");
            return;
        }

        records.LinkEvent("dial", remote.PeerId, "out", remote.Endpoint);
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(HandshakeTimeout);
            await client.ConnectAsync(endpoint, timeout.Token);
            var input = new BufferedStream(client.GetStream(), 16 * 1024);
            await FrameCodec.WriteAsync(client.GetStream(), new HelloFrame(self.PeerId, self.SwarmId), timeout.Token);
            switch (await FrameCodec.ReadAsync(input, timeout.Token))
            {
                case HelloFrame hello when hello.PeerId == remote.PeerId && hello.SwarmId == self.SwarmId:
                    candidate.Succeeded();
                    Open(new PeerLink(client, input, remote.PeerId, LinkDirection.Outbound), ct);
                    return;
                case RejectFrame reject:
                    Failed(candidate, client, $"refused: {reject.Reason}");
                    return;
                default:
                    Failed(candidate, client, "bad hello");
                    return;
            }
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            Failed(candidate, client, e is OperationCanceledException ? "timeout" : e.Message);
        }
    }

    private void Failed(Candidate candidate, TcpClient client, string reason)
    {
        client.Dispose();
        var backoff = candidate.Failed(MaxBackoff);
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
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException or OperationCanceledException)
        {
            client.Dispose();
        }
    }

    private void Open(PeerLink link, CancellationToken ct)
    {
        var direction = link.Direction == LinkDirection.Outbound ? "out" : "in";
        if (!links.TryAdd(link))
        {
            records.LinkEvent("duplicate-closed", link.RemotePeerId, direction);
            _ = link.DisposeAsync();
            return;
        }

        records.LinkEvent("open", link.RemotePeerId, direction);
        Track(RunLinkAsync(link, direction, ct));
    }

    private async Task RunLinkAsync(PeerLink link, string direction, CancellationToken ct)
    {
        var reason = await link.RunAsync(updates.OnUpdate, HeartbeatInterval, HeartbeatTimeout, ct);
        links.Remove(link);
        await link.DisposeAsync();
        records.LinkEvent("close", link.RemotePeerId, direction, reason);
    }

    private void Track(Task task)
    {
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>A peer we may dial, with its failures and when it may be tried again.</summary>
    private sealed class Candidate(PeerAddress address)
    {
        public PeerAddress Address { get; } = address;

        public int Failures { get; private set; }

        public DateTimeOffset NextAttempt { get; private set; } = DateTimeOffset.MinValue;

        public TimeSpan Failed(TimeSpan max)
        {
            Failures++;
            var exponential = TimeSpan.FromMilliseconds(250 * Math.Pow(2, Math.Min(Failures, 10)));
            var backoff = TimeSpan.FromMilliseconds(Math.Min(exponential.TotalMilliseconds, max.TotalMilliseconds) * (0.5 + Random.Shared.NextDouble() / 2));
            NextAttempt = DateTimeOffset.UtcNow + backoff;
            return backoff;
        }

        public void Succeeded() => Failures = 0;
    }
}
