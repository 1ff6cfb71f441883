namespace CMesh.Report.Input;

/// <summary>A row of peers/&lt;peer&gt;/resync.csv: one resync episode.</summary>
public readonly record struct ResyncRow(
    long StartedAtUs, long CompletedAtUs, long DurationUs, string FromPeer, string Trigger, string Mode, long MissingUpdates, long BytesIn)
{
    public const string FileName = "resync.csv";

    public static IEnumerable<ResyncRow> Read(string path, string name, InputTally tally) => CsvSource.Read(
        path, name, tally, ["started_at_unix_us", "completed_at_unix_us", "duration_us"],
        f => (Started: f.Column("started_at_unix_us"), Completed: f.Column("completed_at_unix_us"), Duration: f.Column("duration_us"),
            From: f.Column("from_peer"), Trigger: f.Column("trigger"), Mode: f.Column("mode"), Missing: f.Column("missing_updates"), Bytes: f.Column("bytes_in")),
        (f, c) => new ResyncRow(
            f.Long(c.Started), f.Long(c.Completed), f.Long(c.Duration), f.TextOrNull(c.From) ?? "", f.TextOrNull(c.Trigger) ?? "",
            f.TextOrNull(c.Mode) ?? "", c.Missing < 0 ? 0 : f.Long(c.Missing), c.Bytes < 0 ? 0 : f.Long(c.Bytes)));
}
