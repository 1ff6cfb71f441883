using CMesh.Common.Records;
using CMesh.Report.Timeline;

namespace CMesh.Report.Derivation;

/// <summary>
/// One writer's writes.csv: every attempt by seq, and the measured updates (written inside the window, in seq
/// order, which is write order) that every delivery, freshness and resync figure is counted against.
/// </summary>
public sealed class WriterLog
{
    private readonly List<WriteRecord> _writes = [];
    private long[] _measuredSeqs = [];
    private long[] _measuredWrittenAt = [];
    private int[] _measuredPayload = [];

    public WriterLog(string writer) => Writer = writer;

    public string Writer { get; }

    public IReadOnlyList<WriteRecord> Writes => _writes;

    /// <summary>Seqs of the updates written inside the window, ascending.</summary>
    public ReadOnlySpan<long> MeasuredSeqs => _measuredSeqs;

    /// <summary>When each measured update was written, in the same order (ascending).</summary>
    public ReadOnlySpan<long> MeasuredWrittenAt => _measuredWrittenAt;

    public int MeasuredCount => _measuredSeqs.Length;

    /// <summary>Attempts written before the window (the warm-up write, a restarted peer's earlier life): unmeasured.</summary>
    public int BeforeWindow { get; private set; }

    /// <summary>The first measured write, or null when it wrote nothing inside the window.</summary>
    public long? FirstMeasuredUs => _measuredWrittenAt.Length == 0 ? null : _measuredWrittenAt[0];

    public void Add(WriteRecord write) => _writes.Add(write);

    public void Seal(RunWindow window)
    {
        var measured = _writes.Where(w => w.Acknowledged && w.WrittenAtUs >= window.StartUs && w.WrittenAtUs < window.EndUs)
            .DistinctBy(w => w.Seq).OrderBy(w => w.Seq).ToList();
        BeforeWindow = _writes.Count(w => w.WrittenAtUs < window.StartUs);
        _measuredSeqs = measured.Select(w => w.Seq).ToArray();
        _measuredWrittenAt = measured.Select(w => w.WrittenAtUs).ToArray();
        _measuredPayload = measured.Select(w => w.PayloadBytes).ToArray();
    }

    /// <summary>The index of a measured update among <see cref="MeasuredSeqs"/>, or -1 when it is not measured.</summary>
    public int IndexOf(long seq)
    {
        var at = Array.BinarySearch(_measuredSeqs, seq);
        return at < 0 ? -1 : at;
    }

    public int PayloadAt(int index) => _measuredPayload[index];

    /// <summary>How many measured updates were written before a time.</summary>
    public int CountWrittenBefore(long timeUs)
    {
        var at = Array.BinarySearch(_measuredWrittenAt, timeUs);
        if (at < 0)
        {
            return ~at;
        }

        while (at > 0 && _measuredWrittenAt[at - 1] == timeUs)
        {
            at--;
        }

        return at;
    }
}
