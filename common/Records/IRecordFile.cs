namespace CMesh.Common.Records;

/// <summary>
/// One results file format, defined once: its file name, its columns (the header), how a record is written as a
/// line and how a line is read back by column name. The peers and the coordinator write through it, the report and
/// the tests read through it, so no column is ever addressed by position.
/// </summary>
public interface IRecordFile<TRecord> where TRecord : IRecordFile<TRecord>
{
    static abstract string FileName { get; }

    static abstract IReadOnlyList<string> Columns { get; }

    /// <summary>Columns without which no row can be used; the others may be missing from files of older runs.</summary>
    static abstract IReadOnlyList<string> Required { get; }

    /// <summary>Finds the columns once, from the header, and returns the reader of each row.</summary>
    static abstract Func<IRecordFields, TRecord> Reader(IRecordFields header);

    /// <summary>The record as one CSV line (no newline), fields in <see cref="Columns"/> order.</summary>
    string ToCsvLine();

    /// <summary>
    /// The record with every time it holds from the clock of the node that wrote it moved by <paramref name="us"/> µs:
    /// how the report puts a node's records on the CLI's clock (run.json's clocks). Durations and monotonic times stay,
    /// and so do times carried from another node's clock (the write time a delivery carries).
    /// </summary>
    TRecord ShiftClock(long us);
}
