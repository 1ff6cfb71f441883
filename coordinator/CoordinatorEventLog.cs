using CMesh.Common;

namespace CMesh.Coordinator;

/// <summary>
/// Appends the coordinator's events (registrations, phase changes) to coordinator/events.csv, flushing every line
/// so that nothing is lost when the container is killed.
/// </summary>
public sealed class CoordinatorEventLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public CoordinatorEventLog(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "events.csv");
        var isNew = !File.Exists(path);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
        if (isNew)
        {
            _writer.WriteLine("time_unix_us,event,peer,detail");
        }
    }

    public void Record(string eventName, string peerId, string detail)
    {
        lock (_gate)
        {
            _writer.WriteLine($"{UnixTime.NowMicros()},{eventName},{peerId},\"{detail.Replace("\"", "\"\"")}\"");
            _writer.Flush();
        }
    }

    public void Dispose() => _writer.Dispose();
}
