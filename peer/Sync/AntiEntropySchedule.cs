using CMesh.Common.Timing;

namespace CMesh.Peer.Sync;

/// <summary>
/// When a peer offers its periodic summaries: once every anti-entropy interval, in a second of the interval that
/// depends on its id. All peers at the same second sent every link's summary at once, and the answers with them: a
/// burst each interval that delayed the updates crossing the mesh in that second (seen at 100 peers).
/// </summary>
public sealed class AntiEntropySchedule
{
    private readonly long _intervalUs;
    private readonly long _slotUs;

    public AntiEntropySchedule(string peerId, int antiEntropyIntervalMs)
    {
        var seconds = Math.Max(1, antiEntropyIntervalMs / 1000);
        _intervalUs = seconds * SecondTicker.Second;
        _slotUs = Slot(peerId, seconds) * SecondTicker.Second;
    }

    /// <param name="dueMicros">A tick of the run's whole-second grid (Unix µs).</param>
    public bool IsDue(long dueMicros) => dueMicros % _intervalUs == _slotUs;

    /// <summary>FNV-1a of the id: the same slot in every run and process (string.GetHashCode differs between processes).</summary>
    private static long Slot(string peerId, int seconds)
    {
        var hash = 2166136261u;
        foreach (var c in peerId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash % (uint)seconds;
    }
}
