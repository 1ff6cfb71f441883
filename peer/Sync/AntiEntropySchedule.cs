using CMesh.Common.Timing;

namespace CMesh.Peer.Sync;

/// <summary>
/// When a peer offers its periodic summaries: once every anti-entropy interval, in a second of the interval that
/// depends on its id. All peers at the same second sent every link's summary at once, and the answers with them: a
/// burst each interval that delayed the updates crossing the mesh in that second (seen at 100 peers).
/// </summary>
public sealed class AntiEntropySchedule
{
    private readonly long _seconds;
    private readonly long _slot;

    public AntiEntropySchedule(string peerId, int antiEntropyIntervalMs)
    {
        _seconds = Math.Max(1, antiEntropyIntervalMs / 1000);
        _slot = StableHash.Of(peerId) % _seconds;
    }

    /// <param name="dueMicros">A tick of the peer's <see cref="SecondTicker"/> (Unix µs): the second it falls in
    /// counts.</param>
    public bool IsDue(long dueMicros) => dueMicros / SecondTicker.Second % _seconds == _slot;
}
