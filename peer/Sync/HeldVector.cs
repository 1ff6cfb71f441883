namespace CMesh.Peer.Sync;

/// <summary>
/// What one replica is known to hold, gathered from facts that come in any order: whole watermarks (a summary) and
/// single ranges of updates (an update or an announcement that crossed a link). For each writer it keeps the watermark
/// and the ranges above it not yet joined to it, so the watermark is the same whichever order the facts came in.
/// Not thread-safe: its owner locks.
/// </summary>
public sealed class HeldVector
{
    private readonly Dictionary<string, Held> _writers = new(StringComparer.Ordinal);

    public long this[string writer] => _writers.TryGetValue(writer, out var held) ? held.Watermark : 0;

    /// <summary>Holds every update of the writer up to the watermark.</summary>
    public void Raise(string writer, long watermark) => Of(writer).Raise(watermark);

    public void Raise(VersionVector summary)
    {
        foreach (var (writer, watermark) in summary.Entries)
        {
            Raise(writer, watermark);
        }
    }

    /// <summary>Holds the range's updates.</summary>
    public void Add(UpdateRange range) => Add(range.Writer, range.FirstSeq, range.FirstSeq + range.Count - 1);

    /// <summary>Holds the writer's updates from one sequence to another, both included.</summary>
    public void Add(string writer, long first, long last) => Of(writer).Add(first, last);

    public VersionVector Watermarks() =>
        new(_writers.Where(w => w.Value.Watermark > 0).ToDictionary(w => w.Key, w => w.Value.Watermark, StringComparer.Ordinal));

    private Held Of(string writer)
    {
        if (!_writers.TryGetValue(writer, out var held))
        {
            _writers[writer] = held = new Held();
        }

        return held;
    }

    private sealed class Held
    {
        // Disjoint ranges above the watermark, kept in order and apart by at least one missing sequence.
        private readonly List<(long First, long Last)> _above = [];

        public long Watermark { get; private set; }

        public void Raise(long watermark)
        {
            Watermark = Math.Max(Watermark, watermark);
            Join();
        }

        public void Add(long first, long last)
        {
            if (last <= Watermark)
            {
                return;
            }

            if (first <= Watermark + 1)
            {
                Raise(last);
                return;
            }

            var at = 0;
            while (at < _above.Count && _above[at].Last + 1 < first)
            {
                at++;
            }

            // Merge with every range it touches or overlaps.
            while (at < _above.Count && _above[at].First <= last + 1)
            {
                first = Math.Min(first, _above[at].First);
                last = Math.Max(last, _above[at].Last);
                _above.RemoveAt(at);
            }

            _above.Insert(at, (first, last));
        }

        private void Join()
        {
            while (_above.Count > 0 && _above[0].First <= Watermark + 1)
            {
                Watermark = Math.Max(Watermark, _above[0].Last);
                _above.RemoveAt(0);
            }
        }
    }
}
