namespace CMesh.Report.Input;

/// <summary>A row of coordinator/events.csv.</summary>
public readonly record struct CoordinatorEventRow(long TimeUs, string Event, string Peer, string Detail)
{
    public const string RelativePath = "coordinator/events.csv";

    public static IEnumerable<CoordinatorEventRow> Read(string path, string name, InputTally tally) => CsvSource.Read(
        path, name, tally, ["time_unix_us", "event"],
        f => (Time: f.Column("time_unix_us"), Event: f.Column("event"), Peer: f.Column("peer"), Detail: f.Column("detail")),
        (f, c) => new CoordinatorEventRow(f.Long(c.Time), f.Text(c.Event), f.TextOrNull(c.Peer) ?? "", f.TextOrNull(c.Detail) ?? ""));
}
