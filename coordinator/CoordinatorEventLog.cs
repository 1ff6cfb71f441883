using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Introspection.Events;

namespace CMesh.Coordinator;

/// <summary>
/// Appends the coordinator's events (registrations, phase changes) to coordinator/events.csv, flushing every line
/// so that nothing is lost when the container is killed; each event also goes to the live event stream, when given.
/// </summary>
public sealed class CoordinatorEventLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();
    private readonly EventHub? _live;

    public CoordinatorEventLog(string directory, EventHub? live = null)
    {
        _live = live;
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
        var now = UnixTime.NowMicros();
        lock (_gate)
        {
            _writer.WriteLine($"{now},{eventName},{peerId},\"{detail.Replace("\"", "\"\"")}\"");
            _writer.Flush();
        }

        _live?.Publish(new NodeEvent(now, "coordinator", "coordinator", eventName, peerId.Length == 0 ? null : peerId, detail));
    }

    public void Dispose() => _writer.Dispose();
}
