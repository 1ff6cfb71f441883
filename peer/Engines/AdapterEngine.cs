using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Peer.Introspection;
using CMesh.Peer.Records;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Engines;

/// <summary>
/// A third-party engine as the measurement sees it: each local write is stamped when handed to the adapter and
/// recorded when the adapter acknowledges it (or as failed when it does not within the ack timeout); each update the
/// adapter reports visible is a first delivery, stamped on receipt. Links are the engine's own reports where it
/// gives them, else the namespace's established TCP connections to known peers.
/// </summary>
public sealed class AdapterEngine : IEngineParts
{
    private readonly string _self;
    private readonly PeerRecords _records;
    private readonly Func<string, CancellationToken, Task<bool>> _send;
    private readonly TimeSpan _ackTimeout;
    private readonly ConcurrentDictionary<long, WriteRecord> _pending = new();
    private readonly HashSet<(string Writer, long Seq)> _held;
    private readonly ConcurrentDictionary<string, long> _versionVector = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EngineLink> _reportedLinks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IPAddress> _knownAddresses = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private long _seq;
    private long _written;
    private long _delivered;
    private volatile bool _engineReportsLinks;

    public AdapterEngine(
        string engine, string self, TestPlan plan, RecordedHistory history, PeerRecords records, Func<string, CancellationToken, Task<bool>> send, TimeSpan ackTimeout)
    {
        Engine = engine;
        Plan = plan;
        _self = self;
        _records = records;
        _send = send;
        _ackTimeout = ackTimeout;
        _seq = history.LastSeq;
        _held = history.Held.ToHashSet();
        foreach (var (writer, seq) in _held)
        {
            _versionVector.AddOrUpdate(writer, seq, (_, held) => Math.Max(held, seq));
        }
    }

    public TestPlan Plan { get; }

    public string Engine { get; }

    public long Written => Interlocked.Read(ref _written);

    public long Delivered => Interlocked.Read(ref _delivered);

    public IReadOnlyDictionary<string, long> VersionVector => _versionVector;

    public WriterFreshness? Freshness => null;

    public int Candidates => 0;

    public int OutboxFrames => _pending.Count;

    public int ResyncsOpen => 0;

    /// <summary>Peers the engine is connected with.</summary>
    public IReadOnlyList<string> LinkedPeers
    {
        get
        {
            if (_engineReportsLinks)
            {
                return _reportedLinks.Where(l => l.Value.Up).Select(l => l.Key).Order(StringComparer.Ordinal).ToList();
            }

            var remotes = TcpConnections.EstablishedRemotes();
            return _knownAddresses.Where(a => remotes.Contains(a.Value)).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>A peer's data address, so that its TCP connections count as a link with it.</summary>
    public void Know(PeerAddress peer)
    {
        if (IPEndPoint.TryParse(peer.Endpoint, out var endpoint))
        {
            _knownAddresses[peer.PeerId] = endpoint.Address;
        }
    }

    /// <summary>Hands one local write to the engine; it is recorded when acknowledged or timed out.</summary>
    public async ValueTask WriteAsync(byte[] payload, long? dueAtMicros, CancellationToken ct)
    {
        var seq = Interlocked.Increment(ref _seq);
        var writtenAt = UnixTime.NowMicros();
        _pending[seq] = new WriteRecord(_self, seq, dueAtMicros ?? writtenAt, writtenAt, _records.MonotonicMicros, payload.Length, Acknowledged: true);
        if (!await _send(AdapterMessages.Write(_self, seq, payload), ct))
        {
            Fail(seq);
        }
    }

    /// <exception cref="AdapterProtocolException">An ack for a write never sent.</exception>
    /// <returns>The adapter's error message when it reported a fatal one.</returns>
    public string? Handle(StampedEvent stamped)
    {
        switch (stamped.Event)
        {
            case AdapterAck ack:
                if (ack.Seq > Interlocked.Read(ref _seq))
                {
                    throw new AdapterProtocolException($"ack for seq {ack.Seq}, which was never written (last written: {Interlocked.Read(ref _seq)})");
                }

                // An ack after the timeout leaves the write failed in writes.csv (the peer was unavailable then),
                // yet the engine holds the update, so the final state counts it.
                lock (_gate)
                {
                    _held.Add((_self, ack.Seq));
                }

                _versionVector.AddOrUpdate(_self, ack.Seq, (_, held) => Math.Max(held, ack.Seq));
                if (_pending.TryRemove(ack.Seq, out var write))
                {
                    _records.Write(write);
                    Interlocked.Increment(ref _written);
                }

                break;
            case AdapterSeen seen when seen.Writer != _self:
                Saw(seen, stamped.ReceivedAtUs);
                break;
            case AdapterLink link:
                _engineReportsLinks = true;
                var wasUp = _reportedLinks.TryGetValue(link.Peer, out var before) && before.Up;
                _reportedLinks[link.Peer] = new EngineLink(link.Up, link.RttMs, DateTimeOffset.UtcNow);
                if (wasUp != link.Up)
                {
                    _records.LinkEvent(link.Up ? "open" : "close", link.Peer, "", $"reported by {Engine}");
                }

                break;
            case AdapterError error:
                return error.Message;
        }

        return null;
    }

    /// <summary>The updates visible here: own acknowledged writes and every remote one seen.</summary>
    public long Held()
    {
        lock (_gate)
        {
            return _held.Count;
        }
    }

    /// <summary>Writes the engine has not acknowledged within the ack timeout are recorded as failed.</summary>
    public void ExpireUnacknowledged()
    {
        var limit = UnixTime.NowMicros() - (long)_ackTimeout.TotalMicroseconds;
        foreach (var (seq, write) in _pending)
        {
            if (write.WrittenAtUs < limit)
            {
                Fail(seq);
            }
        }
    }

    /// <summary>The updates visible here (own acknowledged writes and every remote one seen), hashed in order.</summary>
    public StateDigest Digest()
    {
        List<string> held;
        lock (_gate)
        {
            held = _held.Select(h => $"{h.Writer}/{h.Seq}").ToList();
        }

        held.Sort(StringComparer.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', held)));
        return new StateDigest(held.Count, Convert.ToHexStringLower(hash));
    }

    public IReadOnlyList<LinkSnapshot> Links(int notOpen)
    {
        if (!_engineReportsLinks)
        {
            return LinkedPeers.Select(p => new LinkSnapshot(p, LinkState.Open, Reason: "TCP connection")).ToList();
        }

        var now = DateTimeOffset.UtcNow;
        var up = _reportedLinks.Where(l => l.Value.Up).OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => new LinkSnapshot(l.Key, LinkState.Open, RttMs: l.Value.RttMs, StateAgeMs: (long)(now - l.Value.Since).TotalMilliseconds));
        var down = _reportedLinks.Where(l => !l.Value.Up).OrderByDescending(l => l.Value.Since).Take(notOpen)
            .Select(l => new LinkSnapshot(l.Key, LinkState.Closed, Reason: $"reported down by {Engine}", StateAgeMs: (long)(now - l.Value.Since).TotalMilliseconds));
        return up.Concat(down).ToList();
    }

    public ProbeWritten? WriteProbe() => null;

    public ProbeSighting? FindProbe(string probeId) => null;

    private void Saw(AdapterSeen seen, long receivedAtUs)
    {
        lock (_gate)
        {
            if (!_held.Add((seen.Writer, seen.Seq)))
            {
                return;
            }
        }

        _versionVector.AddOrUpdate(seen.Writer, seen.Seq, (_, held) => Math.Max(held, seen.Seq));
        Interlocked.Increment(ref _delivered);
        _records.Delivery(new Update(seen.Writer, seen.Seq, WrittenAtMicros: 0, Hops: 0, []), receivedAtUs, "", "engine");
    }

    private void Fail(long seq)
    {
        if (_pending.TryRemove(seq, out var write))
        {
            _records.Write(write with { Acknowledged = false });
        }
    }

    private sealed record EngineLink(bool Up, double? RttMs, DateTimeOffset Since);
}
