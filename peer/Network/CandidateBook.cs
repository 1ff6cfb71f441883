using System.Collections.Concurrent;
using System.Net;
using CMesh.Common.Contracts;

namespace CMesh.Peer.Network;

/// <summary>
/// The peers this one knows and may dial, and which to dial next: the fewest failures first, then peers learnt from
/// peer exchange, then discovery, and bootstrap peers last (they only get a peer in), in the coordinator's order (its
/// first is the peer registered just before, which has room for a link), at random among equals. A
/// failed dial backs the candidate off exponentially with jitter, up to <see cref="MaxBackoff"/>; a neighbour set
/// back for not forwarding counts as a failure too, so it is tried after every peer with fewer.
/// </summary>
public sealed class CandidateBook(string selfPeerId, TimeProvider clock, Random random)
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, Candidate> _candidates = new();
    private readonly Lock _randomLock = new();

    public IReadOnlyCollection<Candidate> All => _candidates.Values.ToList();

    public void Learn(IEnumerable<PeerAddress> peers, CandidateSource source)
    {
        foreach (var (peer, rank) in peers.Select((peer, rank) => (peer, rank)))
        {
            if (peer.PeerId != selfPeerId && IPEndPoint.TryParse(peer.Endpoint, out _))
            {
                _candidates.GetOrAdd(peer.PeerId, _ => new Candidate(peer, source)).Learnt(source, rank);
            }
        }
    }

    public Candidate? Find(string peerId) => _candidates.GetValueOrDefault(peerId);

    /// <summary>The candidate to dial now, among those not linked and not backing off; null when there is none.</summary>
    public Candidate? Next(Func<string, bool> isLinked)
    {
        var now = clock.GetUtcNow();
        var ready = _candidates.Values.Where(c => !isLinked(c.Address.PeerId) && c.NextAttempt <= now).ToList();
        return ready
            .OrderBy(c => c.Failures)
            .ThenByDescending(c => c.Source)
            .ThenBy(c => c.BootstrapRank)
            .ThenBy(_ => NextRandom())
            .FirstOrDefault();
    }

    /// <summary>
    /// A peer this one lost touch with, to probe although its links are enough: one not linked whose last dial went
    /// unanswered (timeout, unreachable) or whose link died of silence. After a partition heals, each side's peers
    /// have filled their links among themselves; only such a probe links the sides again. Null when there is none.
    /// </summary>
    /// <param name="diedOfSilence">Whether this peer's last link with a peer closed on a heartbeat timeout.</param>
    public Candidate? Lost(Func<string, bool> isLinked, Func<string, bool> diedOfSilence)
    {
        var lost = _candidates.Values
            .Where(c => !isLinked(c.Address.PeerId)
                && (c.LastFailure is FailureKind.Timeout or FailureKind.Unreachable || diedOfSilence(c.Address.PeerId)))
            .ToList();
        return lost.Count == 0 ? null : lost[NextRandom() % lost.Count];
    }

    /// <summary>Records a failed dial; returns how long the candidate now waits.</summary>
    public TimeSpan DialFailed(Candidate candidate, FailureKind kind, string reason)
    {
        var backoff = Backoff(candidate.Failures + 1);
        candidate.Failed(clock.GetUtcNow(), backoff, kind, reason);
        return backoff;
    }

    /// <summary>A neighbour that forwarded nothing while others did: backed off, then tried after every peer with fewer failures.</summary>
    public void SetBack(string peerId, string reason)
    {
        if (Find(peerId) is { } candidate)
        {
            candidate.Failed(clock.GetUtcNow(), Backoff(candidate.Failures + 1), null, reason);
        }
    }

    public void Succeeded(Candidate candidate) => candidate.Succeeded();

    /// <summary>Up to <paramref name="count"/> known peers at random, leaving one out (the peer they are sent to).</summary>
    public IReadOnlyList<PeerAddress> Sample(int count, string leftOut) =>
        _candidates.Values.Where(c => c.Address.PeerId != leftOut).Select(c => c.Address).ToList()
            .OrderBy(_ => NextRandom()).Take(count).ToList();

    /// <summary>Half to all of the exponential step, so that peers that failed together do not retry together.</summary>
    private TimeSpan Backoff(int failures)
    {
        var exponential = FirstBackoff * Math.Pow(2, Math.Min(failures - 1, 10));
        var capped = exponential < MaxBackoff ? exponential : MaxBackoff;
        double jitter;
        lock (_randomLock)
        {
            jitter = 0.5 + random.NextDouble() / 2;
        }

        return capped * jitter;
    }

    private int NextRandom()
    {
        lock (_randomLock)
        {
            return random.Next();
        }
    }
}
