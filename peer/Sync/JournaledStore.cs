using CMesh.Common.Records;

namespace CMesh.Peer.Sync;

/// <summary>
/// Makes any engine durable: every update it accepts is appended to a journal, which is replayed into the engine
/// when the peer starts again. A restarted peer so keeps its state and its writer sequence, as a local-first app
/// on a phone keeps its data across restarts; a journal line cut short by a kill is skipped. A local write's line
/// is flushed at once, before the write is recorded in writes.csv, so a kill never leaves writes.csv ahead of the
/// journal (the next write would then reuse a sequence number others may already hold).
/// </summary>
public sealed class JournaledStore : ISyncEngine, IDisposable
{
    private readonly ISyncEngine _inner;
    private readonly RecordFileWriter<JournalEntry> _journal;

    /// <param name="directory">Where the journal (<see cref="JournalEntry.FileName"/>) is.</param>
    public JournaledStore(ISyncEngine inner, string directory)
    {
        _inner = inner;
        Restored = Replay(inner, Path.Combine(directory, JournalEntry.FileName));
        _journal = new RecordFileWriter<JournalEntry>(directory);
    }

    /// <summary>Updates replayed from an earlier life of this peer.</summary>
    public long Restored { get; }

    public Update Write(string writer, byte[] payload, long writtenAtMicros)
    {
        var update = _inner.Write(writer, payload, writtenAtMicros);
        Append(update);
        _journal.Flush();
        return update;
    }

    public bool Apply(Update update)
    {
        if (!_inner.Apply(update))
        {
            return false;
        }

        Append(update);
        return true;
    }

    public VersionVector Summary() => _inner.Summary();

    public IReadOnlyList<Update> Missing(VersionVector remote) => _inner.Missing(remote);

    public IReadOnlyList<Update> Range(string writer, long firstSeq, int count) => _inner.Range(writer, firstSeq, count);

    public IReadOnlyList<Update> All() => _inner.All();

    public StateDigest Digest() => _inner.Digest();

    public long Held() => _inner.Held();

    public IReadOnlyDictionary<string, long> NewestWrites() => _inner.NewestWrites();

    public void Flush() => _journal.Flush();

    public void Dispose() => _journal.Dispose();

    private void Append(Update update) => _journal.Append(JournalEntry.Of(update));

    private static long Replay(ISyncEngine engine, string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var lines = File.ReadLines(path).GetEnumerator();
        if (!lines.MoveNext())
        {
            return 0;
        }

        var fields = new SplitLineFields(lines.Current);
        var read = JournalEntry.Reader(fields);
        long restored = 0;
        while (lines.MoveNext())
        {
            if (fields.Take(lines.Current).FieldCount == fields.ColumnCount
                && TryRead(read, fields, out var entry)
                && TryBase64(entry.PayloadBase64, out var payload)
                && engine.Apply(new Update(entry.Writer, entry.Seq, entry.WrittenAtUs, 1, payload)))
            {
                restored++;
            }
        }

        return restored;
    }

    private static bool TryRead(Func<IRecordFields, JournalEntry> read, SplitLineFields fields, out JournalEntry entry)
    {
        try
        {
            entry = read(fields);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            entry = default;
            return false;
        }
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (Convert.TryFromBase64String(text, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}
