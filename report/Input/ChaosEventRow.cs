namespace CMesh.Report.Input;

/// <summary>A row of chaos.csv (written by the CLI): a fault started, ended, acted (churn, mobility) or failed.</summary>
public readonly record struct ChaosEventRow(
    long TimeUs, string Event, string FaultId, string Kind, string Targets, string Parameters, string Mechanism, string Detail)
{
    public const string FileName = "chaos.csv";

    public static IEnumerable<ChaosEventRow> Read(string path, string name, InputTally tally) => CsvSource.Read(
        path, name, tally, ["time_unix_us", "event", "fault_id"],
        f => (Time: f.Column("time_unix_us"), Event: f.Column("event"), Id: f.Column("fault_id"), Kind: f.Column("kind"), Targets: f.Column("targets"),
            Parameters: f.Column("parameters"), Mechanism: f.Column("mechanism"), Detail: f.Column("detail")),
        (f, c) => new ChaosEventRow(
            f.Long(c.Time), f.Text(c.Event), f.Text(c.Id), f.TextOrNull(c.Kind) ?? "", f.TextOrNull(c.Targets) ?? "",
            f.TextOrNull(c.Parameters) ?? "", f.TextOrNull(c.Mechanism) ?? "", f.TextOrNull(c.Detail) ?? ""));
}
