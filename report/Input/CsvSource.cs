using CMesh.Common.Records;
using CsvHelper;

namespace CMesh.Report.Input;

/// <summary>
/// Streams the rows of one results CSV file as records, one row in memory at a time. A missing file, a row with the
/// wrong number of fields or a field that does not parse is counted in the <see cref="InputTally"/> and skipped.
/// </summary>
public static class CsvSource
{
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
        using var reader = CsvReader.Create(stream, RecordRows.Options, leaveOpen: false);
        var header = reader.Headers;
        if (header.Count == 0)
        {
            tally.Unreadable(name, stream.HasCutShortLine ? "its header is cut short" : "empty, not even a header");
            yield break;
        }

        var events = new RecordReadEvents(
            why => tally.Unreadable(name, why),
            fields =>
            {
                tally.FileRead();
                onHeader?.Invoke(fields);
            },
            tally.RowRead,
            () => tally.RowSkipped(name));
        foreach (var record in RecordRows.Read<T>(reader, events))
        {
            yield return record;
        }

        if (stream.HasCutShortLine)
        {
            tally.RowSkipped(name);
        }
    }
}
