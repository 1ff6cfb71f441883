namespace CMesh.Peer.Records;

/// <summary>
/// An append-only CSV file. Lines are buffered in memory and reach the disk at each <see cref="Flush"/>, which
/// <see cref="PeerRecords"/> calls several times a second, so a killed container loses at most that much.
/// </summary>
public sealed class CsvAppendFile : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public CsvAppendFile(string path, string header)
    {
        var isNew = !File.Exists(path) || new FileInfo(path).Length == 0;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), bufferSize: 64 * 1024);
        if (isNew)
        {
            _writer.WriteLine(header);
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

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }
}
