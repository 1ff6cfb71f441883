namespace CMesh.Report.Input;

/// <summary>A row of peers/&lt;peer&gt;/links.csv: one connection event.</summary>
public readonly record struct LinkEventRow(long TimeUs, string Event, string RemotePeer, string Direction, string Detail)
{
    public const string FileName = "links.csv";

    public static IEnumerable<LinkEventRow> Read(string path, string name, InputTally tally) => CsvSource.Read(
        path, name, tally, ["time_unix_us", "event"],
        f => (Time: f.Column("time_unix_us"), Event: f.Column("event"), Remote: f.Column("remote_peer"), Direction: f.Column("direction"), Detail: f.Column("detail")),
        (f, c) => new LinkEventRow(f.Long(c.Time), f.Text(c.Event), f.TextOrNull(c.Remote) ?? "", f.TextOrNull(c.Direction) ?? "", f.TextOrNull(c.Detail) ?? ""));
}
