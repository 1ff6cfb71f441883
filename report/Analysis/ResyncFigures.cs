using CMesh.Report.Input;
using CMesh.Report.Statistics;

namespace CMesh.Report.Analysis;

/// <summary>Resync episodes: every one (they are few: one per link opening that found something missing) and their quantiles.</summary>
public sealed record ResyncFigures(
    IReadOnlyList<ResyncEpisode> Episodes,
    Distribution Overall,
    IReadOnlyDictionary<string, Distribution> ByPeer,
    IReadOnlyDictionary<string, Distribution> ByFault);

/// <param name="FaultId">The fault that started last at or before the episode began; null before any fault.</param>
public sealed record ResyncEpisode(string Peer, ResyncRow Row, string? FaultId);
