namespace CMesh.Report.Input;

/// <summary>A row of peers/&lt;peer&gt;/availability.csv: one second the peer was running.</summary>
public readonly record struct AvailabilityRow(long TimeUs, string State, bool LocalWriteOk, int WritersExpected, int WritersFresh, long WorstStalenessMs)
{
    public const string FileName = "availability.csv";

    public static IEnumerable<AvailabilityRow> Read(string path, string name, InputTally tally) => CsvSource.Read(
        path, name, tally, ["time_unix_us", "local_write_ok", "writers_expected", "writers_fresh"],
        f => (Time: f.Column("time_unix_us"), State: f.Column("state"), Ok: f.Column("local_write_ok"), Expected: f.Column("writers_expected"),
            Fresh: f.Column("writers_fresh"), Staleness: f.Column("worst_staleness_ms")),
        (f, c) => new AvailabilityRow(
            f.Long(c.Time), f.TextOrNull(c.State) ?? "", f.Int(c.Ok) == 1, f.Int(c.Expected), f.Int(c.Fresh), c.Staleness < 0 ? -1 : f.Long(c.Staleness)));
}
