namespace CMesh.Report.Statistics;

/// <summary>A summary of durations, in µs: what every latency and resync figure of the report is read from.</summary>
public sealed record Distribution(long Count, double Mean, long P50, long P90, long P95, long P99, long P999, long Max)
{
    public static readonly Distribution Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    public bool HasSamples => Count > 0;
}
