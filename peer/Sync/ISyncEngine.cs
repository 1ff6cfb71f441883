namespace CMesh.Peer.Sync;

/// <summary>
/// A replicated store as the rest of the peer sees it. Local writes always succeed; remote updates merge in any
/// order, any number of times; two replicas that have applied the same updates hold the same state. Another
/// engine plugs in by implementing this.
/// </summary>
public interface ISyncEngine
{
    /// <summary>Records a local write and returns it as an update to replicate.</summary>
    Update Write(string writer, byte[] payload, long writtenAtMicros);

    /// <summary>Merges a remote update; false when it was already held (a duplicate).</summary>
    bool Apply(Update update);

    /// <summary>What this replica holds, in summary.</summary>
    VersionVector Summary();

    /// <summary>The updates a replica with the given summary lacks (delta sync).</summary>
    IReadOnlyList<Update> Missing(VersionVector remote);

    /// <summary>The updates held of one writer's sequences <paramref name="firstSeq"/> to firstSeq + count - 1 (to answer a graft).</summary>
    IReadOnlyList<Update> Range(string writer, long firstSeq, int count);

    /// <summary>Every update held (full-state sync, the baseline deltas are measured against).</summary>
    IReadOnlyList<Update> All();

    /// <summary>A digest of the whole state: equal digests mean converged replicas.</summary>
    StateDigest Digest();

    /// <summary>How many updates are held (cheap: said with every heartbeat).</summary>
    long Held();

    /// <summary>For each writer, when the newest update held from it was written (Unix µs).</summary>
    IReadOnlyDictionary<string, long> NewestWrites();
}

/// <param name="Updates">Updates held.</param>
/// <param name="Hash">A hash over every (writer, sequence, payload) held, independent of arrival order.</param>
public sealed record StateDigest(long Updates, string Hash);
