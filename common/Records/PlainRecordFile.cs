namespace CMesh.Common.Records;

/// <summary>
/// Reads back a results file whose fields never hold a comma or a quote (a peer's own writes.csv and
/// deliveries.csv), without a CSV parser: the peer and the CLI read their records with this. A line cut short by a
/// kill is skipped. The report reads results with a full parser instead.
/// </summary>
public static class PlainRecordFile
{
    /// <summary>The file's complete records; none when it does not exist or is empty.</summary>
    public static IEnumerable<T> Read<T>(string path) where T : IRecordFile<T>
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        using var lines = File.ReadLines(path).GetEnumerator();
        if (!lines.MoveNext())
        {
            yield break;
        }

        var fields = new SplitLineFields(lines.Current);
        var read = T.Reader(fields);
        while (lines.MoveNext())
        {
            if (fields.Take(lines.Current).FieldCount != fields.ColumnCount)
            {
                continue;
            }

            T record;
            try
            {
                record = read(fields);
            }
            catch (FormatException)
            {
                continue;
            }

            yield return record;
        }
    }
}
