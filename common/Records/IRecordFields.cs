namespace CMesh.Common.Records;

/// <summary>
/// The current row of a results file, its fields found by column name once per file. A reader of results (the
/// report, the tests) implements it over its CSV parser; the record types below use it to read themselves.
/// </summary>
public interface IRecordFields
{
    /// <summary>The column's index, or -1 when the file (an older format) has no such column.</summary>
    int Column(string name);

    string Text(int column);

    /// <exception cref="FormatException">Not a whole number: the row is skipped.</exception>
    long Long(int column);

    /// <exception cref="FormatException">Not a number: the row is skipped.</exception>
    double Double(int column);
}

public static class RecordFieldsExtensions
{
    public static string TextOr(this IRecordFields fields, int column, string absent) => column < 0 ? absent : fields.Text(column);

    public static long LongOr(this IRecordFields fields, int column, long absent) => column < 0 ? absent : fields.Long(column);

    public static int IntOr(this IRecordFields fields, int column, int absent) => column < 0 ? absent : checked((int)fields.Long(column));
}
