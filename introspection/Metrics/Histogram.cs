namespace CMesh.Introspection.Metrics;

/// <summary>
/// A latency histogram with fixed bucket bounds (seconds), updated lock-free and without allocating: an observation
/// is three interlocked operations. The sum is kept in microseconds so that it can be added atomically.
/// </summary>
public sealed class Histogram
{
    /// <summary>From 100 µs to 10 s: link round trips on one host sit at the bottom, stalled deliveries at the top.</summary>
    public static readonly double[] LatencyBounds = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly double[] _bounds;
    private readonly long[] _counts;
    private long _sumMicros;

    public Histogram(double[]? bounds = null)
    {
        _bounds = bounds ?? LatencyBounds;
        if (_bounds.Length == 0 || _bounds.Zip(_bounds.Skip(1)).Any(pair => pair.First >= pair.Second))
        {
            throw new ArgumentException("bucket bounds must be a non-empty rising sequence", nameof(bounds));
        }

        _counts = new long[_bounds.Length + 1];
    }

    public void ObserveMicros(long micros)
    {
        var seconds = micros / 1_000_000.0;
        var bucket = 0;
        while (bucket < _bounds.Length && seconds > _bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumMicros, micros);
    }

    /// <summary>Cumulative counts per bound (the last one is +Inf), as the exposition format wants them.</summary>
    public HistogramSnapshot Snapshot()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            cumulative[i] = running;
        }

        return new HistogramSnapshot(_bounds, cumulative, Interlocked.Read(ref _sumMicros) / 1_000_000.0);
    }
}

/// <param name="Cumulative">Observations at or below each bound; one more entry than bounds, for +Inf.</param>
/// <param name="SumSeconds">Sum of all observations.</param>
public sealed record HistogramSnapshot(IReadOnlyList<double> Bounds, IReadOnlyList<long> Cumulative, double SumSeconds)
{
    public long Count => Cumulative[^1];
}
