namespace CMesh.Report.Input;

/// <summary>A row of peers/&lt;peer&gt;/deliveries.csv: the first delivery of another writer's update.</summary>
public readonly record struct DeliveryRow(string Writer, long Seq, long WrittenAtUs, long ReceivedAtUs, int Hops, string FromPeer, string Via)
{
    public const string FileName = "deliveries.csv";

    public long LatencyUs => ReceivedAtUs - WrittenAtUs;

    public static IEnumerable<DeliveryRow> Read(string path, string name, InputTally tally) => CsvSource.Read(
        path, name, tally, ["writer", "seq", "written_at_unix_us", "received_at_unix_us"],
        f => (Writer: f.Column("writer"), Seq: f.Column("seq"), Written: f.Column("written_at_unix_us"), Received: f.Column("received_at_unix_us"),
            Hops: f.Column("hops"), From: f.Column("from_peer"), Via: f.Column("via")),
        (f, c) => new DeliveryRow(
            f.Text(c.Writer), f.Long(c.Seq), f.Long(c.Written), f.Long(c.Received),
            c.Hops < 0 ? 0 : f.Int(c.Hops), f.TextOrNull(c.From) ?? "", f.TextOrNull(c.Via) ?? ""));
}
