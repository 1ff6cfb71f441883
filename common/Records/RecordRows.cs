using System.Globalization;
using CsvHelper;

namespace CMesh.Common.Records;

/// <summary>
/// The rows of one results file as records of its format, each read by the format's own
/// <see cref="IRecordFile{T}.Reader"/>: the one parser of every format, for the report, the coordinator and the CLI.
/// A file whose header lacks a column the format requires gives none; a row with another number of fields than the
/// header, or a field that does not parse, is skipped.
/// </summary>
public static class RecordRows
{
    public static CsvReaderOptions Options { get; } = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        FormatProvider = CultureInfo.InvariantCulture,
        PoolStrings = true,
    };

    public static IEnumerable<T> Read<T>(CsvReader reader, RecordReadEvents? events = null) where T : IRecordFile<T>
    {
        var header = reader.Headers;
        var columns = header.Select((column, index) => (column, index)).DistinctBy(c => c.column).ToDictionary(c => c.column, c => c.index, StringComparer.Ordinal);
        if (T.Required.FirstOrDefault(column => !columns.ContainsKey(column)) is { } missing)
        {
            events?.Unreadable($"no column {missing}");
            yield break;
        }

        var fields = new CsvFields(reader, columns);
        events?.Opened(fields);
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
                events?.RowSkipped();
                continue;
            }

            events?.RowRead();
            yield return record;
        }
    }

    /// <summary>
    /// The records of a file that writers append to while it is read: only its complete lines, up to the last newline
    /// (what follows is a row being written, or cut short by a killed writer). None when there is no file.
    /// </summary>
    public static async Task<IReadOnlyList<T>> ReadCompleteLinesAsync<T>(string path, CancellationToken ct) where T : IRecordFile<T>
    {
        byte[] complete;
        try
        {
            await using var lines = new CompleteLinesStream(path);
            using var copy = new MemoryStream();
            await lines.CopyToAsync(copy, ct);
            complete = copy.ToArray();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }

        using var reader = CsvReader.Create(complete, Options);
        var rows = Read<T>(reader).ToList();

        // An odd number of quotes: the last row's quoted field runs on past the last newline, so that row is not whole yet.
        if (rows.Count > 0 && complete.Count(b => b == (byte)'"') % 2 == 1)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return rows;
    }
}

/// <summary>What a reader of records wants told: the report counts what it read and skipped.</summary>
/// <param name="Opened">The header, once its required columns are there, before the first row.</param>
public sealed record RecordReadEvents(Action<string> Unreadable, Action<IRecordFields> Opened, Action RowRead, Action RowSkipped);
