namespace CMesh.Common.Records;

/// <summary>peers/&lt;peer&gt;/links.csv: one connection event (dial, open, close, …) with its reason.</summary>
public readonly record struct LinkEventRecord(long TimeUs, string Event, string RemotePeer, string Direction, string Detail) : IRecordFile<LinkEventRecord>
{
    public static string FileName => "links.csv";

    public static IReadOnlyList<string> Columns => ["time_unix_us", "event", "remote_peer", "direction", "detail"];

    public static IReadOnlyList<string> Required => ["time_unix_us", "event"];

    public static Func<IRecordFields, LinkEventRecord> Reader(IRecordFields header)
    {
        int time = header.Column("time_unix_us"), name = header.Column("event"), remote = header.Column("remote_peer"),
            direction = header.Column("direction"), detail = header.Column("detail");
        return f => new LinkEventRecord(f.Long(time), f.Text(name), f.TextOr(remote, ""), f.TextOr(direction, ""), f.TextOr(detail, ""));
    }

    public string ToCsvLine() => new CsvLine().Add(TimeUs).Add(Event).Add(RemotePeer).Add(Direction).Add(Detail).ToString();

    public LinkEventRecord ShiftClock(long us) => this with { TimeUs = TimeUs + us };
}
