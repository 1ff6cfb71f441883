using CMesh.Docker.Chaos;
using CMesh.Report.Input;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>Everything the report shows about one run, computed in one pass over its files.</summary>
public sealed record RunFigures(
    RunInfo Run,
    RunWindow Window,
    TimeBuckets Buckets,
    IReadOnlyList<string> Peers,
    IReadOnlyList<ChaosEventRow> ChaosEvents,
    IReadOnlyList<FaultInterval> Faults,
    ScenarioSet Scenarios,
    IReadOnlyDictionary<string, long> Written,
    LatencyFigures Latency,
    ResyncFigures Resync,
    AvailabilityFigures Availability,
    BandwidthFigures Bandwidth,
    IReadOnlyDictionary<string, LinkEventCounts> LinkEvents,
    InputTally Tally);
