namespace CMesh.Peer.Records;

/// <summary>
/// An append-only CSV file. Lines are buffered in memory and reach the disk at each <see cref="Flush"/>, which
/// <see cref="PeerRecords"/> calls several times a second, so a killed container loses at most that much.
/// </summary>
public sealed class CsvAppendFile : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    /// <summary>Opens the file to append; a new file gets the header, and a last line cut short by a kill is ended first.</summary>
    public CsvAppendFile(string path, string header)
    {
        var isNew = !File.Exists(path) || new FileInfo(path).Length == 0;
        var cutShort = !isNew && !EndsWithNewline(path);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), bufferSize: 64 * 1024);
        if (isNew)
        {
            _writer.WriteLine(header);
        }
        else if (cutShort)
        {
            _writer.WriteLine();
        }
    }

    public void Append(string line)
    {
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

    private static bool EndsWithNewline(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte() == '\n';
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }
}
