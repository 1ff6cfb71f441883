using System.Globalization;

namespace CMesh.Common.Records;

/// <summary>
/// Fields of a plain CSV line split at commas, for files whose fields never hold a comma or a quote (the store's
/// journal): a reader that needs no CSV parser. The report reads results with a full parser instead.
/// </summary>
public sealed class SplitLineFields : IRecordFields
{
    private readonly Dictionary<string, int> _columns;
    private string[] _fields = [];

    public SplitLineFields(string header) =>
        _columns = header.Split(',').Select((name, index) => (name, index)).DistinctBy(c => c.name).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);

    public int FieldCount => _fields.Length;

    public int ColumnCount => _columns.Count;

    public SplitLineFields Take(string line)
    {
        _fields = line.Split(',');
        return this;
    }

    public int Column(string name) => _columns.GetValueOrDefault(name, -1);

    public string Text(int column) => _fields[column];

    public long Long(int column) => long.Parse(_fields[column], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public double Double(int column) => double.Parse(_fields[column], NumberStyles.Float, CultureInfo.InvariantCulture);
}
