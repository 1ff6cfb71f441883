namespace CMesh.Report.Derivation;

/// <summary>
/// When each measured update of every other writer first became visible at one reader (long.MaxValue: never), built
/// from the reader's deliveries.csv and dropped once its figures are derived, so memory holds one reader at a time.
/// </summary>
public sealed class ReaderSeen
{
    public const long Never = long.MaxValue;

    private readonly Dictionary<string, long[]> _byWriter = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, WriterLog> _logs;

    public ReaderSeen(string reader, IReadOnlyDictionary<string, WriterLog> logs)
    {
        Reader = reader;
        _logs = logs;
        foreach (var (writer, log) in logs)
        {
            if (writer != reader)
            {
                var seen = new long[log.MeasuredCount];
                Array.Fill(seen, Never);
                _byWriter[writer] = seen;
            }
        }
    }

    public string Reader { get; }

    /// <summary>The other writers, each with the first-seen time of its measured updates, in its seq order.</summary>
    public IEnumerable<(WriterLog Log, long[] SeenAt)> Writers => _byWriter.Select(w => (_logs[w.Key], w.Value));

    /// <summary>Notes a delivery; false when the update is not a measured one (warm-up, after the stop, or absent from writes.csv).</summary>
    public bool Saw(string writer, long seq, long receivedAtUs)
    {
        if (!_byWriter.TryGetValue(writer, out var seen))
        {
            return false;
        }

        var index = _logs[writer].IndexOf(seq);
        if (index < 0)
        {
            return false;
        }

        seen[index] = Math.Min(seen[index], receivedAtUs);
        return true;
    }
}
