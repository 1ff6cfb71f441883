namespace CMesh.Coordinator.Chaos;

/// <summary>One row of the run's chaos.csv, written by the CLI: a fault started, ended, acted or failed.</summary>
public sealed record ChaosLogRow(long TimeUnixUs, string Event, string FaultId, string Kind, string Targets, string Parameters, string Mechanism, string Detail)
{
    public const string Start = "start";
    public const string End = "end";
    public const string Action = "action";
    public const string Failed = "failed";
}
