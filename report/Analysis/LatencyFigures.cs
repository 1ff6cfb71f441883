using CMesh.Report.Statistics;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>What the deliveries say: message latency overall, per reader, per phase, per time bucket and per writer × reader.</summary>
/// <param name="UnmeasuredDeliveries">Deliveries of updates written outside the window (warm-up, after the stop): in no figure.</param>
public sealed record LatencyFigures(
    Distribution Overall,
    EffectiveLatency Effective,
    IReadOnlyList<CdfPoint> OverallCdf,
    IReadOnlyDictionary<string, Distribution> ByReader,
    IReadOnlyList<PhaseLatency> ByPhase,
    IReadOnlyList<PhaseGroupLatency> ByPhaseGroup,
    IReadOnlyList<LatencyBand> Bands,
    IReadOnlyList<LatencyPoint> Sample,
    IReadOnlyList<HeatmapCell> Heatmap,
    long UnmeasuredDeliveries,
    double RelativeError);

/// <summary>Latency quantiles with every expected but undelivered pair counted as infinite; null: the rank fell among them.</summary>
public sealed record EffectiveLatency(long Missing, long? P50Us, long? P99Us, long? P999Us);

public sealed record PhaseLatency(Phase Phase, Distribution Latency);

/// <summary>The deliveries of every phase of one group (during loss, after loss), for the CDF plot.</summary>
public sealed record PhaseGroupLatency(string Group, Distribution Latency, IReadOnlyList<CdfPoint> Cdf);

/// <summary>Quantiles of the deliveries written during one time bucket (coarse histogram: within 1.6 %).</summary>
public sealed record LatencyBand(double StartSeconds, Distribution Latency);

/// <summary>One delivery for the scatter plot: written this many seconds into the run, took this many µs.</summary>
public readonly record struct LatencyPoint(double WrittenAtSeconds, long LatencyUs);

/// <summary>One writer's updates at one reader (coarse histogram: within 1.6 %).</summary>
public sealed record HeatmapCell(string Writer, string Reader, Distribution Latency);
