namespace CMesh.Report.Analysis;

/// <summary>Availability: per peer over the window's periods, and peers available per second of the window.</summary>
/// <param name="PeriodUs">The period availability is judged over: max(1 s, the write interval).</param>
public sealed record AvailabilityFigures(long PeriodUs, IReadOnlyDictionary<string, PeerAvailability> ByPeer, IReadOnlyList<int> PeersAvailablePerSecond);

/// <param name="Percent">Share of the periods with an acknowledged write due in them.</param>
/// <param name="Unavailable">Why it was unavailable: the node fault that targeted it, else whether it ran without an acknowledged write or was not running; periods each.</param>
public sealed record PeerAvailability(double Percent, int PeriodsUp, int Periods, IReadOnlyDictionary<string, int> Unavailable);
