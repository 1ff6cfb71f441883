namespace CMesh.Report.Analysis;

/// <summary>A peer's connection events by kind: links opened, closed, dials that failed.</summary>
public sealed record LinkEventCounts(int Opened, int Closed, int DialsFailed);
