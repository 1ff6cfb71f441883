namespace CMesh.Report.Statistics;

/// <summary>A point of a cumulative distribution: this share of samples took at most this long.</summary>
public readonly record struct CdfPoint(long Microseconds, double Fraction)
{
    private static readonly double[] Fractions =
    [
        .. Enumerable.Range(1, 99).Select(i => i / 100.0),
        .. Enumerable.Range(1, 9).Select(i => 0.99 + (i / 1000.0)),
        0.9995, 0.9999, 1.0,
    ];

    /// <summary>The distribution drawn through its percentiles, denser in the tail where faults show.</summary>
    public static IReadOnlyList<CdfPoint> Of(LatencyHistogram histogram) =>
        histogram.Count == 0 ? [] : Fractions.Select(f => new CdfPoint(histogram.Quantile(f), f)).ToList();
}
