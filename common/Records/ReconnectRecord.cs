namespace CMesh.Common.Records;

/// <summary>
/// peers/&lt;peer&gt;/resync.csv: one link catch-up episode, as the built-in engine sees it: from a link opening
/// (and this peer reading the other end's version vector, which held updates it lacked) until it held all of them.
/// It is not the resync after a heal (the report derives that from writes and deliveries): the time from the heal
/// to the link opening is outside it.
/// </summary>
public readonly record struct ReconnectRecord(
    long StartedAtUs, long CompletedAtUs, long DurationUs, string FromPeer, string Trigger, string Mode, long MissingUpdates, long BytesIn)
    : IRecordFile<ReconnectRecord>
{
    public static string FileName => "resync.csv";

    public static IReadOnlyList<string> Columns =>
        ["started_at_unix_us", "completed_at_unix_us", "duration_us", "from_peer", "trigger", "mode", "missing_updates", "bytes_in"];

    public static IReadOnlyList<string> Required => ["started_at_unix_us", "completed_at_unix_us", "duration_us"];

    public static Func<IRecordFields, ReconnectRecord> Reader(IRecordFields header)
    {
        int started = header.Column("started_at_unix_us"), completed = header.Column("completed_at_unix_us"), duration = header.Column("duration_us"),
            from = header.Column("from_peer"), trigger = header.Column("trigger"), mode = header.Column("mode"),
            missing = header.Column("missing_updates"), bytes = header.Column("bytes_in");
        return f => new ReconnectRecord(
            f.Long(started), f.Long(completed), f.Long(duration), f.TextOr(from, ""), f.TextOr(trigger, ""), f.TextOr(mode, ""),
            f.LongOr(missing, 0), f.LongOr(bytes, 0));
    }

    public string ToCsvLine() =>
        new CsvLine().Add(StartedAtUs).Add(CompletedAtUs).Add(DurationUs).Add(FromPeer).Add(Trigger).Add(Mode).Add(MissingUpdates).Add(BytesIn).ToString();

    public ReconnectRecord ShiftClock(long us) => this with { StartedAtUs = StartedAtUs + us, CompletedAtUs = CompletedAtUs + us };
}
