using System.Globalization;
using CsvHelper;

namespace CMesh.Report.Output;

/// <summary>
/// One CSV file of the report, written row by row with CsvHelper as the figures are computed, so a report of ten
/// million deliveries never holds them. <see cref="Discard"/> writes nowhere (for --compare, which only needs figures).
/// </summary>
public sealed class CsvTable : IDisposable
{
    public static readonly CsvTable Discard = new(null);

    /// <summary>LF line ends, as the results files the peers write, so line-based tools read both alike.</summary>
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture };

    private readonly CsvWriter? _writer;

    private CsvTable(CsvWriter? writer) => _writer = writer;

    public static CsvTable Create(string path, params string[] header)
    {
        var writer = CsvWriter.ToFile(path, Options);
        writer.WriteHeader(header);
        return new CsvTable(writer);
    }

    public CsvTable Field(string value)
    {
        _writer?.WriteField(value);
        return this;
    }

    public CsvTable Field(long value)
    {
        _writer?.WriteField(value, default);
        return this;
    }

    /// <summary>Up to three decimals, as the results' other figures.</summary>
    public CsvTable Field(double value)
    {
        _writer?.WriteField(value, "0.###");
        return this;
    }

    public CsvTable Empty()
    {
        _writer?.WriteField("");
        return this;
    }

    public void EndRow() => _writer?.EndRecord();

    public void Dispose() => _writer?.Dispose();
}
