namespace CMesh.Report.Statistics;

/// <summary>A summary of durations, in µs: what every latency and resync figure of the report is read from.</summary>
/// <param name="Negative">Samples below 0 (clocks that disagree), placed at 0 in the quantiles.</param>
public sealed record Distribution(long Count, double Mean, long P50, long P90, long P95, long P99, long P999, long Max, long Negative = 0)
{
    public static readonly Distribution Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    public bool HasSamples => Count > 0;

    /// <summary>
    /// Whether the sample is large enough to print quantile q: at least 1/(1 − q) samples (10 for p90, 100 for p99,
    /// 1000 for p99.9); below that the quantile is just the largest samples.
    /// </summary>
    public bool Supports(double q) => Count > 0 && Count >= Math.Round(1 / (1 - q));
}
