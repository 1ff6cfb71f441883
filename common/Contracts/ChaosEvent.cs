namespace CMesh.Common.Contracts;

/// <summary>
/// One row of a run's chaos.csv: a fault starting, ending, acting (a churn kill, a mobility move) or failing. The CLI
/// writes the file; the CLI (`cmesh chaos ls`, `clear`) and the coordinator (its dashboard) read it.
/// </summary>
public sealed record ChaosEvent(
    long TimeUnixUs,
    string Event,
    string FaultId,
    string Kind,
    string Targets,
    string Parameters,
    string Mechanism,
    string Detail)
{
    public const string Start = "start";
    public const string End = "end";
    public const string Action = "action";
    public const string Failed = "failed";

    public static readonly string[] Columns = ["time_unix_us", "event", "fault_id", "kind", "targets", "parameters", "mechanism", "detail"];

    public string[] Fields() => [TimeUnixUs.ToString(System.Globalization.CultureInfo.InvariantCulture), Event, FaultId, Kind, Targets, Parameters, Mechanism, Detail];

    /// <summary>The targets column: member names separated by spaces.</summary>
    public IReadOnlyList<string> TargetNames => Targets.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The faults in force, as their start rows: started, and neither ended nor failed.</summary>
    public static IReadOnlyList<ChaosEvent> InForce(IReadOnlyList<ChaosEvent> rows)
    {
        var finished = rows.Where(r => r.Event is End or Failed).Select(r => r.FaultId).ToHashSet();
        return rows.Where(r => r.Event == Start && !finished.Contains(r.FaultId)).ToList();
    }
}
