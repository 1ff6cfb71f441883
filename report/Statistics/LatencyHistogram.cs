namespace CMesh.Report.Statistics;

/// <summary>
/// Counts non-negative durations in µs in log-linear buckets, in fixed memory whatever the number of samples.
/// Below 2^<c>precisionBits</c> µs every value has its own bucket (exact); above, each power of two is split into
/// 2^<c>precisionBits</c> equal buckets, so a quantile read as its bucket's midpoint is within 2^-(bits+1) of the
/// true value (0.05 % at 10 bits). Count, sum, minimum and maximum are exact.
/// </summary>
public sealed class LatencyHistogram(int precisionBits = LatencyHistogram.PreciseBits)
{
    /// <summary>Exact below 1.024 ms, within 0.05 % above: for every figure the report prints.</summary>
    public const int PreciseBits = 10;

    /// <summary>Within 1.6 %: for the bands of the latency-over-time plot, one histogram per time bucket.</summary>
    public const int CoarseBits = 5;

    private readonly long[]?[] _octaves = new long[64 - precisionBits + 1][];
    private readonly int _bits = precisionBits;

    public long Count { get; private set; }

    public long Sum { get; private set; }

    public long Min { get; private set; } = long.MaxValue;

    public long Max { get; private set; } = long.MinValue;

    /// <summary>Samples below 0 (clocks that disagree): counted here, and placed at 0 in the quantiles.</summary>
    public long Negative { get; private set; }

    public double RelativeError => Math.Pow(2, -(_bits + 1));

    /// <summary>Adds one sample; a negative one (clocks that disagree) is counted in <see cref="Negative"/> and placed at 0.</summary>
    public void Add(long microseconds)
    {
        Negative += microseconds < 0 ? 1 : 0;
        var value = Math.Max(0, microseconds);
        var (octave, index) = Locate(value);
        (_octaves[octave] ??= new long[1 << _bits])[index]++;
        Count++;
        Sum += value;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
    }

    /// <summary>The nearest-rank quantile (the ⌈q·n⌉-th smallest sample), within <see cref="RelativeError"/>.</summary>
    public long Quantile(double q)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("no samples");
        }

        return AtRank(Math.Max(1, (long)Math.Ceiling(q * Count)));
    }

    private long AtRank(long rank)
    {
        var seen = 0L;
        for (var octave = 0; octave < _octaves.Length; octave++)
        {
            var buckets = _octaves[octave];
            if (buckets is null)
            {
                continue;
            }

            for (var index = 0; index < buckets.Length; index++)
            {
                seen += buckets[index];
                if (seen >= rank)
                {
                    return Math.Clamp(Midpoint(octave, index), Min, Max);
                }
            }
        }

        return Max;
    }

    public Distribution Summarize() => Count == 0
        ? Distribution.Empty
        : new Distribution(Count, (double)Sum / Count, Quantile(0.5), Quantile(0.9), Quantile(0.95), Quantile(0.99), Quantile(0.999), Max, Negative);

    /// <summary>
    /// The nearest-rank quantile when <paramref name="missing"/> more samples are infinite (updates never delivered):
    /// null when the rank falls among them, so losing updates can never improve the figure.
    /// </summary>
    public long? EffectiveQuantile(double q, long missing)
    {
        var total = Count + missing;
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        return rank > Count ? null : AtRank(rank);
    }

    private (int Octave, int Index) Locate(long value)
    {
        if (value < 1L << _bits)
        {
            return (0, (int)value);
        }

        var shift = 63 - long.LeadingZeroCount(value) - _bits;
        return ((int)shift + 1, (int)((value >> (int)shift) - (1L << _bits)));
    }

    private long Midpoint(int octave, int index)
    {
        if (octave == 0)
        {
            return index;
        }

        var shift = octave - 1;
        return ((index + (1L << _bits)) << shift) + ((1L << shift) >> 1);
    }
}
