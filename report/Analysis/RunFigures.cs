using CMesh.Common.Contracts;
using CMesh.Report.Derivation;
using CMesh.Report.Input;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>Everything the report shows about one run, derived in one pass over its files.</summary>
/// <param name="Written">Measured updates (written inside the window) per writer.</param>
/// <param name="WarmUpWrites">Writes before the window (each peer's unmeasured warm-up, a restarted peer's earlier life).</param>
/// <param name="NotDerivable">Figures this run's files cannot give (recorded before the harness recorded what they need), each with why.</param>
/// <param name="Clocks">How the members' times were put on the CLI's clock, and how far off a latency between two nodes can still be.</param>
public sealed record RunFigures(
    RunInfo Run,
    RunWindow Window,
    TimeBuckets Buckets,
    IReadOnlyList<string> Peers,
    IReadOnlyList<ChaosEvent> ChaosEvents,
    IReadOnlyList<FaultInterval> Faults,
    ScenarioSet Scenarios,
    IReadOnlyDictionary<string, long> Written,
    long WarmUpWrites,
    LatencyFigures Latency,
    IReadOnlyDictionary<string, PeerAccount> Accounts,
    long TailUs,
    AvailabilityFigures Availability,
    FreshnessFigures Freshness,
    HealResyncFigures Resync,
    ReconnectFigures Reconnects,
    ConvergenceFigures Convergence,
    BandwidthFigures Bandwidth,
    SaturationFigures Saturation,
    IReadOnlyDictionary<string, LinkEventCounts> LinkEvents,
    IReadOnlyList<string> NotDerivable,
    InputTally Tally,
    ClockCorrection Clocks)
{
    public long Missing => Accounts.Values.Sum(a => a.Missing);
}
