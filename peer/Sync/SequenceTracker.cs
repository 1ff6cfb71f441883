namespace CMesh.Peer.Sync;

/// <summary>
/// Remembers which sequence numbers of each writer were seen, in constant memory for in-order arrivals: a
/// watermark below which all are seen, plus the few seen above it.
/// </summary>
public sealed class SequenceTracker
{
    private readonly Dictionary<string, WriterWindow> _writers = new();
    private readonly Lock _gate = new();

    /// <summary>True the first time a (writer, sequence) is offered; sequences start at 1.</summary>
    public bool TryAdd(string writer, long sequence)
    {
        lock (_gate)
        {
            if (!_writers.TryGetValue(writer, out var window))
            {
                window = new WriterWindow();
                _writers[writer] = window;
            }

            return window.TryAdd(sequence);
        }
    }

    public IReadOnlyDictionary<string, long> Watermarks()
    {
        lock (_gate)
        {
            return _writers.ToDictionary(w => w.Key, w => w.Value.Watermark);
        }
    }

    private sealed class WriterWindow
    {
        private readonly HashSet<long> _above = [];

        public long Watermark { get; private set; }

        public bool TryAdd(long sequence)
        {
            if (sequence <= Watermark || !_above.Add(sequence))
            {
                return false;
            }

            while (_above.Remove(Watermark + 1))
            {
                Watermark++;
            }

            return true;
        }
    }
}
