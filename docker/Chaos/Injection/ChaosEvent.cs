namespace CMesh.Docker.Chaos.Injection;

/// <summary>One row of a run's chaos.csv: a fault starting, ending, acting (a churn kill, a mobility move) or failing.</summary>
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
}
