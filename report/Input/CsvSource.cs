using System.Globalization;
using CMesh.Common.Records;
using CsvHelper;

namespace CMesh.Report.Input;

/// <summary>
/// Streams the rows of one results CSV file as records, one row in memory at a time. A missing file, a row with the
/// wrong number of fields or a field that does not parse is counted in the <see cref="InputTally"/> and skipped.
/// </summary>
public static class CsvSource
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        FormatProvider = CultureInfo.InvariantCulture,
        PoolStrings = true,
    };

    /// <summary>The records of a file of one of the formats of <see cref="CMesh.Common.Records"/>.</summary>
    /// <param name="name">How the file is named in the tally: its path inside the run folder.</param>
    /// <param name="onHeader">Called once with the header, before the first row (to learn what an older format lacks).</param>
    public static IEnumerable<T> Read<T>(string path, string name, InputTally tally, Action<IRecordFields>? onHeader = null) where T : IRecordFile<T>
    {
        if (!File.Exists(path))
        {
            tally.Missing(name);
            yield break;
        }

        var stream = new CompleteLinesStream(path);
        using var reader = CsvReader.Create(stream, Options, leaveOpen: false);
        var header = reader.Headers;
        if (header.Count == 0)
        {
            tally.Unreadable(name, stream.HasCutShortLine ? "its header is cut short" : "empty, not even a header");
            yield break;
        }

        var columns = header.Select((column, index) => (column, index)).DistinctBy(c => c.column).ToDictionary(c => c.column, c => c.index, StringComparer.Ordinal);
        if (T.Required.FirstOrDefault(column => !columns.ContainsKey(column)) is { } missing)
        {
            tally.Unreadable(name, $"no column {missing}");
            yield break;
        }

        tally.FileRead();
        var fields = new CsvFields(reader, columns);
        onHeader?.Invoke(fields);
        var read = T.Reader(fields);
        while (reader.Read())
        {
            T record;
            try
            {
                if (reader.FieldCount != header.Count)
                {
                    throw new FormatException();
                }

                record = read(fields);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                tally.RowSkipped(name);
                continue;
            }

            tally.RowRead();
            yield return record;
        }

        if (stream.HasCutShortLine)
        {
            tally.RowSkipped(name);
        }
    }
}
