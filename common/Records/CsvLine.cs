using System.Globalization;
using System.Text;

namespace CMesh.Common.Records;

/// <summary>Builds one CSV line: numbers in the invariant culture, text quoted when it holds a comma, quote or newline.</summary>
public sealed class CsvLine
{
    private readonly StringBuilder _line = new(96);
    private bool _first = true;

    public CsvLine Add(long value) => Field(value.ToString(CultureInfo.InvariantCulture));

    public CsvLine Add(double value) => Field(value.ToString("0.###", CultureInfo.InvariantCulture));

    public CsvLine Add(bool value) => Add(value ? 1 : 0);

    public CsvLine Add(string value) =>
        Field(value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");

    public override string ToString() => _line.ToString();

    private CsvLine Field(string text)
    {
        if (!_first)
        {
            _line.Append(',');
        }

        _first = false;
        _line.Append(text);
        return this;
    }
}
