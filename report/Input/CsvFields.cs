using CsvHelper;

namespace CMesh.Report.Input;

/// <summary>The current row of a CSV file, its fields found by column name once per file.</summary>
public sealed class CsvFields
{
    private readonly CsvReader _reader;
    private readonly Dictionary<string, int> _columns;

    internal CsvFields(CsvReader reader, Dictionary<string, int> columns)
    {
        _reader = reader;
        _columns = columns;
    }

    /// <summary>The column's index, or -1 when the file (an older format) has no such column.</summary>
    public int Column(string name) => _columns.GetValueOrDefault(name, -1);

    public string Text(int column) => _reader.GetString(column) ?? "";

    public string? TextOrNull(int column) => column < 0 ? null : Text(column);

    /// <exception cref="FormatException">Not a whole number: the row is skipped.</exception>
    public long Long(int column) => _reader.Parse<long>(column);

    public int Int(int column) => _reader.Parse<int>(column);
}
