using System.Globalization;
using CMesh.Common.Contracts;
using CsvHelper;

namespace CMesh.Coordinator.Chaos;

/// <summary>Parses chaos.csv's complete lines; a row with a missing field or a time that does not parse is skipped.</summary>
public static class ChaosLogRows
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static IReadOnlyList<ChaosEvent> Parse(byte[] completeLines)
    {
        using var csv = CsvReader.Create(completeLines, Options);
        if (ChaosEvent.Columns.Any(column => column != ChaosEvent.BeganColumn && !csv.Headers.Contains(column)))
        {
            return [];
        }

        var rows = new List<ChaosEvent>();
        ChaosEvent? last = null;
        while (csv.Read())
        {
            last = Row(csv);
            if (last is not null)
            {
                rows.Add(last);
            }
        }

        // An odd number of quotes: the last row's quoted field runs on past the last newline, so that row is not whole yet.
        if (last is not null && completeLines.Count(b => b == (byte)'"') % 2 == 1)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return rows;
    }

    private static ChaosEvent? Row(CsvReader csv) =>
        csv.FieldCount == csv.Headers.Count
        && long.TryParse(csv.GetString("time_unix_us"), NumberStyles.None, CultureInfo.InvariantCulture, out var time)
            ? new ChaosEvent(
                time, csv.GetString("event"), csv.GetString("fault_id"), csv.GetString("kind"), csv.GetString("targets"),
                csv.GetString("parameters"), csv.GetString("mechanism"), csv.GetString("detail"), BeganAt(csv))
            : null;

    private static long? BeganAt(CsvReader csv) =>
        csv.Headers.Contains(ChaosEvent.BeganColumn) && long.TryParse(csv.GetString(ChaosEvent.BeganColumn), NumberStyles.None, CultureInfo.InvariantCulture, out var began) ? began : null;
}
