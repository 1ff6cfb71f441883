namespace CMesh.Peer.Network;

/// <summary>
/// Every live peer writes, so a neighbour that passed on no update at all (pushed, or announced on a lazy link of
/// lazy-push gossip) for a whole window while others did is not forwarding; the window must be long enough to hold
/// one of the neighbour's own writes (<see cref="SilenceWindow"/>). Each window, named by the clock, compares every
/// link's update count with the window before; only links open for the whole window are judged, and none when no
/// link forwarded anything (the mesh is quiet, not the link).
/// </summary>
public sealed class SilentNeighbours<TLink>(TimeProvider clock, TimeSpan window)
    where TLink : notnull
{
    private readonly Dictionary<TLink, long> _updatesAtWindowStart = [];
    private DateTimeOffset _windowEnd = clock.GetUtcNow() + window;

    public TimeSpan Window => window;

    /// <summary>The links to drop; empty until a window has passed since the last judgement.</summary>
    /// <param name="updatesIn">Each open link's count of updates forwarded to this peer so far.</param>
    public IReadOnlyList<TLink> Judge(IReadOnlyDictionary<TLink, long> updatesIn)
    {
        var now = clock.GetUtcNow();
        if (now < _windowEnd)
        {
            return [];
        }

        _windowEnd = now + window;
        var received = updatesIn.Where(u => _updatesAtWindowStart.ContainsKey(u.Key))
            .ToDictionary(u => u.Key, u => u.Value - _updatesAtWindowStart[u.Key]);
        _updatesAtWindowStart.Clear();
        foreach (var (link, updates) in updatesIn)
        {
            _updatesAtWindowStart[link] = updates;
        }

        return received.Values.Any(n => n > 0) ? received.Where(r => r.Value == 0).Select(r => r.Key).ToList() : [];
    }
}
