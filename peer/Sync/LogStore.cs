using System.Security.Cryptography;
using System.Text;

namespace CMesh.Peer.Sync;

/// <summary>
/// The default engine: one append-only log per writer, a grow-only set of (writer, sequence) updates. Merge is set
/// union, so it is commutative, associative and idempotent: replicas converge whatever the order, loss (repaired by
/// anti-entropy) or duplication of messages.
/// </summary>
public sealed class LogStore : ISyncEngine
{
    private readonly Dictionary<string, WriterLog> _logs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Update Write(string writer, byte[] payload, long writtenAtMicros)
    {
        lock (_gate)
        {
            var log = LogOf(writer);
            var update = new Update(writer, log.Highest + 1, writtenAtMicros, 1, payload);
            log.Add(update);
            return update;
        }
    }

    public bool Apply(Update update)
    {
        lock (_gate)
        {
            return LogOf(update.Writer).Add(update);
        }
    }

    public VersionVector Summary()
    {
        lock (_gate)
        {
            return new VersionVector(_logs.Where(l => l.Value.Watermark > 0).ToDictionary(l => l.Key, l => l.Value.Watermark));
        }
    }

    public IReadOnlyList<Update> Missing(VersionVector remote)
    {
        lock (_gate)
        {
            return _logs.SelectMany(l => l.Value.After(remote[l.Key])).ToList();
        }
    }

    public IReadOnlyList<Update> Range(string writer, long firstSeq, int count)
    {
        lock (_gate)
        {
            return _logs.TryGetValue(writer, out var log) ? log.Range(firstSeq, count) : [];
        }
    }

    public IReadOnlyList<Update> All() => Missing(VersionVector.Empty);

    public StateDigest Digest()
    {
        lock (_gate)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long count = 0;
            foreach (var (writer, log) in _logs.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                foreach (var update in log.After(0))
                {
                    hash.AppendData(Encoding.UTF8.GetBytes($"{writer}\n{update.Sequence}\n"));
                    hash.AppendData(update.Payload);
                    count++;
                }
            }

            return new StateDigest(count, Convert.ToHexStringLower(hash.GetHashAndReset())[..16]);
        }
    }

    public long Held()
    {
        lock (_gate)
        {
            return _logs.Values.Sum(l => (long)l.Count);
        }
    }

    public IReadOnlyDictionary<string, long> NewestWrites()
    {
        lock (_gate)
        {
            return _logs.ToDictionary(l => l.Key, l => l.Value.NewestWrittenAtMicros);
        }
    }

    private WriterLog LogOf(string writer)
    {
        if (!_logs.TryGetValue(writer, out var log))
        {
            log = new WriterLog();
            _logs[writer] = log;
        }

        return log;
    }

    /// <summary>One writer's updates by sequence, with the watermark below which none is missing.</summary>
    private sealed class WriterLog
    {
        private readonly SortedDictionary<long, Update> _updates = new();

        public long Watermark { get; private set; }

        public long Highest { get; private set; }

        public long NewestWrittenAtMicros { get; private set; }

        public int Count => _updates.Count;

        public bool Add(Update update)
        {
            if (!_updates.TryAdd(update.Sequence, update with { Hops = 1 }))
            {
                return false;
            }

            Highest = Math.Max(Highest, update.Sequence);
            NewestWrittenAtMicros = Math.Max(NewestWrittenAtMicros, update.WrittenAtMicros);
            while (_updates.ContainsKey(Watermark + 1))
            {
                Watermark++;
            }

            return true;
        }

        public IEnumerable<Update> After(long sequence) => _updates.Where(u => u.Key > sequence).Select(u => u.Value);

        public IReadOnlyList<Update> Range(long firstSeq, int count)
        {
            var held = new List<Update>();
            for (var i = 0; i < count && firstSeq + i <= Highest; i++)
            {
                if (_updates.TryGetValue(firstSeq + i, out var update))
                {
                    held.Add(update);
                }
            }

            return held;
        }
    }
}
