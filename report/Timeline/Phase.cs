namespace CMesh.Report.Timeline;

/// <summary>A stretch of the run compared with the others: before the first fault, during a fault, after it.</summary>
/// <param name="FaultId">The fault it is during or after; null for before.</param>
public sealed record Phase(string Name, long StartUs, long EndUs, string? FaultId, string Kind)
{
    /// <summary>Phases of the same kind of fault drawn as one line: before, during loss, after loss.</summary>
    public string Group => FaultId is null ? Name : $"{Name[..Name.IndexOf(' ')]} {Kind}";
}
