namespace CMesh.Common.Records;

/// <summary>
/// Appends records of one format to its file in a results folder. Lines are buffered in memory and reach the disk at
/// each <see cref="Flush"/>, which the owner calls often, so a killed container loses at most that much.
/// </summary>
public sealed class RecordFileWriter<TRecord> : IRecordFileWriter where TRecord : IRecordFile<TRecord>
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    /// <summary>Opens the file to append; a new file gets the header, and a last line cut short by a kill is ended first.</summary>
    public RecordFileWriter(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, TRecord.FileName);
        var isNew = !File.Exists(path) || new FileInfo(path).Length == 0;
        var cutShort = !isNew && !EndsWithNewline(path);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), bufferSize: 64 * 1024);
        if (isNew)
        {
            _writer.WriteLine(string.Join(',', TRecord.Columns));
        }
        else if (cutShort)
        {
            _writer.WriteLine();
        }
    }

    public void Append(TRecord record)
    {
        var line = record.ToCsvLine();
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }

    private static bool EndsWithNewline(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte() == '\n';
    }
}
