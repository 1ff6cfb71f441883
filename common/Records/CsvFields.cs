using CsvHelper;

namespace CMesh.Common.Records;

/// <summary>The current row of a CSV file, its fields found by column name once per file.</summary>
public sealed class CsvFields : IRecordFields
{
    private readonly CsvReader _reader;
    private readonly Dictionary<string, int> _columns;

    internal CsvFields(CsvReader reader, Dictionary<string, int> columns)
    {
        _reader = reader;
        _columns = columns;
    }

    public int Column(string name) => _columns.GetValueOrDefault(name, -1);

    public string Text(int column) => _reader.GetString(column) ?? "";

    public long Long(int column) => _reader.Parse<long>(column);

    public double Double(int column) => _reader.Parse<double>(column);
}
