namespace CMesh.Report.Input;

/// <summary>A row of peers/&lt;peer&gt;/writes.csv: one local write.</summary>
public readonly record struct WriteRow(long Seq, long WrittenAtUs)
{
    public const string FileName = "writes.csv";

    public static IEnumerable<WriteRow> Read(string path, string name, InputTally tally) => CsvSource.Read(
        path, name, tally, ["seq", "written_at_unix_us"],
        f => (Seq: f.Column("seq"), Written: f.Column("written_at_unix_us")),
        (f, c) => new WriteRow(f.Long(c.Seq), f.Long(c.Written)));
}
