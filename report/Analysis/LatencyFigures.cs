using CMesh.Report.Statistics;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>What the deliveries say: message latency overall, per reader, per phase, per time bucket and per writer × reader.</summary>
public sealed record LatencyFigures(
    Distribution Overall,
    IReadOnlyList<CdfPoint> OverallCdf,
    IReadOnlyDictionary<string, Distribution> ByReader,
    IReadOnlyList<PhaseLatency> ByPhase,
    IReadOnlyList<PhaseGroupLatency> ByPhaseGroup,
    IReadOnlyList<LatencyBand> Bands,
    IReadOnlyList<LatencyPoint> Sample,
    IReadOnlyList<HeatmapCell> Heatmap,
    IReadOnlyDictionary<string, PeerDeliveries> Delivered,
    double RelativeError);

public sealed record PhaseLatency(Phase Phase, Distribution Latency);

/// <summary>The deliveries of every phase of one group (during loss, after loss), for the CDF plot.</summary>
public sealed record PhaseGroupLatency(string Group, Distribution Latency, IReadOnlyList<CdfPoint> Cdf);

/// <summary>Quantiles of the deliveries written during one time bucket (coarse histogram: within 1.6 %).</summary>
public sealed record LatencyBand(double StartSeconds, Distribution Latency);

/// <summary>One delivery for the scatter plot: written this many seconds into the run, took this many µs.</summary>
public readonly record struct LatencyPoint(double WrittenAtSeconds, long LatencyUs);

public sealed record HeatmapCell(string Writer, string Reader, long Deliveries, long P99Us);

/// <summary>How many of the other writers' updates a peer received (each (writer, seq) counted once).</summary>
public sealed record PeerDeliveries(long Delivered, long Expected)
{
    public double Percent => Expected == 0 ? 100 : Math.Min(100, 100.0 * Delivered / Expected);
}
