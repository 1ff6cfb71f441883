namespace CMesh.Peer.Sync;

/// <summary>
/// For each writer, the highest sequence number up to which a replica holds every update: the summary two peers
/// exchange to find what the other lacks.
/// </summary>
public sealed class VersionVector
{
    public static readonly VersionVector Empty = new(new Dictionary<string, long>());

    public VersionVector(IReadOnlyDictionary<string, long> entries) => Entries = entries;

    public IReadOnlyDictionary<string, long> Entries { get; }

    public long this[string writer] => Entries.GetValueOrDefault(writer);

    /// <summary>True when this replica holds everything the other summary says it holds.</summary>
    public bool Covers(VersionVector other) => other.Entries.All(e => this[e.Key] >= e.Value);

    /// <summary>How many updates the other holds that this one does not (counting from the watermarks).</summary>
    public long Lacking(VersionVector other) => other.Entries.Sum(e => Math.Max(0, e.Value - this[e.Key]));

    public override string ToString() => string.Join(" ", Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}:{e.Value}"));
}
