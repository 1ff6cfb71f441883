namespace CMesh.Common.Records;

/// <summary>
/// peers/&lt;peer&gt;/deliveries.csv: the moment another writer's update first became visible at this reader.
/// <see cref="Hops"/> (links crossed), <see cref="FromPeer"/> (the neighbour it came through) and <see cref="Via"/>
/// (<see cref="DeliveryVia"/>) are what the engine knows of its path; empty or 0 where it does not. <see cref="WrittenAtUs"/> is
/// the write time the update carried, 0 when the reader's engine does not carry it: the report takes every write time
/// from the writer's own writes.csv.
/// </summary>
public readonly record struct DeliveryRecord(
    string Writer, long Seq, long WrittenAtUs, long ReceivedAtUs, int Hops, string FromPeer, string Via) : IRecordFile<DeliveryRecord>
{
    public static string FileName => "deliveries.csv";

    public static IReadOnlyList<string> Columns => ["writer", "seq", "written_at_unix_us", "received_at_unix_us", "hops", "from_peer", "via"];

    public static IReadOnlyList<string> Required => ["writer", "seq", "written_at_unix_us", "received_at_unix_us"];

    /// <summary>Seen minus the write time the update carried, in µs; meaningless when it carried none (0).</summary>
    public long LatencyUs => ReceivedAtUs - WrittenAtUs;

    public static Func<IRecordFields, DeliveryRecord> Reader(IRecordFields header)
    {
        int writer = header.Column("writer"), seq = header.Column("seq"), written = header.Column("written_at_unix_us"),
            received = header.Column("received_at_unix_us"), hops = header.Column("hops"), from = header.Column("from_peer"), via = header.Column("via");
        return f => new DeliveryRecord(
            f.Text(writer), f.Long(seq), f.Long(written), f.Long(received), f.IntOr(hops, 0), f.TextOr(from, ""), f.TextOr(via, ""));
    }

    public string ToCsvLine() => new CsvLine().Add(Writer).Add(Seq).Add(WrittenAtUs).Add(ReceivedAtUs).Add(Hops).Add(FromPeer).Add(Via).ToString();

    /// <summary>Only the time seen: the write time is the writer's clock (the report takes it from the writer's writes.csv).</summary>
    public DeliveryRecord ShiftClock(long us) => this with { ReceivedAtUs = ReceivedAtUs + us };
}
