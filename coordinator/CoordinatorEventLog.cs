using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Introspection.Events;

namespace CMesh.Coordinator;

/// <summary>
/// Appends the coordinator's events (registrations, phase changes) to coordinator/events.csv, flushing every line
/// so that nothing is lost when the container is killed; each event also goes to the live event stream, when given.
/// </summary>
public sealed class CoordinatorEventLog : IDisposable
{
    private readonly RecordFileWriter<CoordinatorEventRecord> _file;
    private readonly EventHub? _live;

    public CoordinatorEventLog(string directory, EventHub? live = null)
    {
        _live = live;
        _file = new RecordFileWriter<CoordinatorEventRecord>(directory);
    }

    public void Record(string eventName, string peerId, string detail)
    {
        var now = UnixTime.NowMicros();
        _file.Append(new CoordinatorEventRecord(now, eventName, peerId, detail));
        _file.Flush();

        _live?.Publish(new NodeEvent(now, "coordinator", "coordinator", eventName, peerId.Length == 0 ? null : peerId, detail));
    }

    public void Dispose() => _file.Dispose();
}
