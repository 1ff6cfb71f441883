namespace CMesh.Report.Derivation;

/// <summary>
/// When each measured update of every other writer first became visible at one reader (long.MaxValue: never), built
/// from the reader's deliveries.csv. One instance serves every reader in turn (<see cref="StartReader"/>), its
/// arrays reused, so memory holds one reader's view at a time and allocates it once.
/// </summary>
public sealed class ReaderSeen
{
    public const long Never = long.MaxValue;

    private readonly Dictionary<string, long[]> _byWriter = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, WriterLog> _logs;

    public ReaderSeen(IReadOnlyDictionary<string, WriterLog> logs)
    {
        _logs = logs;
        foreach (var (writer, log) in logs)
        {
            _byWriter[writer] = new long[log.MeasuredCount];
        }
    }

    public string Reader { get; private set; } = "";

    /// <summary>The other writers, each with the first-seen time of its measured updates, in its seq order.</summary>
    public IEnumerable<(WriterLog Log, long[] SeenAt)> Writers => _byWriter.Where(w => w.Key != Reader).Select(w => (_logs[w.Key], w.Value));

    /// <summary>Forgets the previous reader: nothing seen yet.</summary>
    public ReaderSeen StartReader(string reader)
    {
        Reader = reader;
        foreach (var seen in _byWriter.Values)
        {
            Array.Fill(seen, Never);
        }

        return this;
    }

    /// <summary>
    /// Notes a delivery; false when the update is not a measured one (warm-up, after the stop, or absent from
    /// writes.csv). <paramref name="writtenAtUs"/> is when the writer wrote it, from its own writes.csv: a reader's
    /// engine need not carry the write time along.
    /// </summary>
    public bool Saw(string writer, long seq, long receivedAtUs, out long writtenAtUs)
    {
        writtenAtUs = 0;
        if (writer == Reader || !_byWriter.TryGetValue(writer, out var seen))
        {
            return false;
        }

        var log = _logs[writer];
        var index = log.IndexOf(seq);
        if (index < 0)
        {
            return false;
        }

        seen[index] = Math.Min(seen[index], receivedAtUs);
        writtenAtUs = log.MeasuredWrittenAt[index];
        return true;
    }
}
