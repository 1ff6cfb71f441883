namespace CMesh.Common.Records;

/// <summary>
/// peers/&lt;peer&gt;/writes.csv: one local write attempt. <see cref="DueAtUs"/> is when the workload's schedule
/// called for it, <see cref="WrittenAtUs"/> when the engine took it (wall clock), <see cref="MonotonicUs"/> the same
/// moment on the writer's monotonic clock (µs since its process started, immune to clock steps).
/// <see cref="Acknowledged"/>: the engine accepted the write and the peer read it back.
/// </summary>
public readonly record struct WriteRecord(
    string Writer, long Seq, long DueAtUs, long WrittenAtUs, long MonotonicUs, int PayloadBytes, bool Acknowledged) : IRecordFile<WriteRecord>
{
    public const string Ok = "ok";
    public const string Failed = "failed";

    public static string FileName => "writes.csv";

    public static IReadOnlyList<string> Columns => ["writer", "seq", "due_unix_us", "written_at_unix_us", "monotonic_us", "payload_bytes", "ack"];

    public static IReadOnlyList<string> Required => ["seq", "written_at_unix_us"];

    /// <summary>Files of older runs have no writer (it is the folder's peer), due time (the write time) or ack (every write succeeded).</summary>
    public static Func<IRecordFields, WriteRecord> Reader(IRecordFields header)
    {
        int writer = header.Column("writer"), seq = header.Column("seq"), due = header.Column("due_unix_us"), written = header.Column("written_at_unix_us"),
            monotonic = header.Column("monotonic_us"), payload = header.Column("payload_bytes"), ack = header.Column("ack");
        return f =>
        {
            var writtenAt = f.Long(written);
            return new WriteRecord(
                f.TextOr(writer, ""), f.Long(seq), f.LongOr(due, writtenAt), writtenAt, f.LongOr(monotonic, -1), f.IntOr(payload, 0),
                f.TextOr(ack, Ok) == Ok);
        };
    }

    public string ToCsvLine() => new CsvLine().Add(Writer).Add(Seq).Add(DueAtUs).Add(WrittenAtUs).Add(MonotonicUs).Add(PayloadBytes)
        .Add(Acknowledged ? Ok : Failed).ToString();

    public WriteRecord ShiftClock(long us) => this with { DueAtUs = DueAtUs + us, WrittenAtUs = WrittenAtUs + us };
}
