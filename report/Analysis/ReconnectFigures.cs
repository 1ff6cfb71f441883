using CMesh.Common.Records;
using CMesh.Report.Statistics;

namespace CMesh.Report.Analysis;

/// <summary>Link catch-up episodes: every one (one per reopened link that lacked something) and their quantiles.</summary>
public sealed record ReconnectFigures(IReadOnlyList<ReconnectEpisode> Episodes, Distribution Overall);

/// <param name="FaultId">The fault that started last at or before the episode began; null before any fault.</param>
public sealed record ReconnectEpisode(string Peer, ReconnectRecord Row, string? FaultId);
