using System.Globalization;
using CMesh.Peer.Records;

namespace CMesh.Peer.Sync;

/// <summary>
/// Makes any engine durable: every update it accepts is appended to a journal, which is replayed into the engine
/// when the peer starts again. A restarted peer so keeps its state and its writer sequence, as a local-first app
/// on a phone keeps its data across restarts; a journal line cut short by a kill is skipped.
/// </summary>
public sealed class JournaledStore : ISyncEngine, IDisposable
{
    private const string Header = "writer,seq,written_at_unix_us,payload_base64";
    private readonly ISyncEngine _inner;
    private readonly CsvAppendFile _journal;

    public JournaledStore(ISyncEngine inner, string path)
    {
        _inner = inner;
        Restored = Replay(inner, path);
        _journal = new CsvAppendFile(path, Header);
    }

    /// <summary>Updates replayed from an earlier life of this peer.</summary>
    public long Restored { get; }

    public Update Write(string writer, byte[] payload, long writtenAtMicros)
    {
        var update = _inner.Write(writer, payload, writtenAtMicros);
        Append(update);
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

    public IReadOnlyList<Update> All() => _inner.All();

    public StateDigest Digest() => _inner.Digest();

    public IReadOnlyDictionary<string, long> NewestWrites() => _inner.NewestWrites();

    public void Flush() => _journal.Flush();

    public void Dispose() => _journal.Dispose();

    private void Append(Update update) =>
        _journal.Append(string.Create(
            CultureInfo.InvariantCulture, $"{update.Writer},{update.Sequence},{update.WrittenAtMicros},{Convert.ToBase64String(update.Payload)}"));

    private static long Replay(ISyncEngine engine, string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        long restored = 0;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split(',');
            if (fields.Length == 4
                && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var sequence)
                && long.TryParse(fields[2], CultureInfo.InvariantCulture, out var writtenAt)
                && TryBase64(fields[3], out var payload)
                && engine.Apply(new Update(fields[0], sequence, writtenAt, 1, payload)))
            {
                restored++;
            }
        }

        return restored;
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
