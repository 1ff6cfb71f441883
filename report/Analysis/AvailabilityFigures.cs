namespace CMesh.Report.Analysis;

/// <summary>Availability and freshness: per peer over the run, and across peers per second.</summary>
public sealed record AvailabilityFigures(IReadOnlyDictionary<string, PeerAvailability> ByPeer, IReadOnlyList<SecondAvailability> PerSecond);

/// <param name="Percent">Share of the run's seconds with a row and local_write_ok = 1.</param>
/// <param name="MeanFreshPercent">Mean over its running seconds of writers_fresh / writers_expected.</param>
public sealed record PeerAvailability(double Percent, double MeanFreshPercent, int SecondsUp, int Seconds);

/// <param name="PeersAvailable">Peers with a row and local_write_ok = 1 this second.</param>
/// <param name="MeanFreshPercent">Mean over the running peers; NaN when none ran.</param>
/// <param name="WorstStalenessMs">The largest worst_staleness_ms of any peer; -1 when none had one.</param>
public sealed record SecondAvailability(int Second, int PeersUp, int PeersAvailable, double MeanFreshPercent, long WorstStalenessMs);
