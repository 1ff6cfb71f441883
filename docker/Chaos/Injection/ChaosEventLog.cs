using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Common.Records;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Appends fault events to results/&lt;run&gt;/chaos.csv, each row flushed at once so that a killed CLI loses
/// nothing it did. Several CLI processes may append to one run's log; each row is one write.
/// </summary>
public sealed class ChaosEventLog(string path) : IChaosLog
{
    public const string FileName = "chaos.csv";

    private readonly Lock _gate = new();

    public string Path => path;

    public static ChaosEventLog ForRun(string runDirectory) => new(System.IO.Path.Combine(runDirectory, FileName));

    public ChaosEvent Record(string @event, string faultId, string kind, string parameters, IEnumerable<string> targets, string mechanism, string detail, long? beganUnixUs = null)
    {
        var row = new ChaosEvent(UnixTime.NowMicros(), @event, faultId, kind, string.Join(' ', targets), parameters, mechanism, detail, beganUnixUs);
        lock (_gate)
        {
            using var file = new RecordFileWriter<ChaosEvent>(System.IO.Path.GetDirectoryName(path)!);
            file.Append(row);
        }

        return row;
    }

    /// <summary>Every row recorded so far; none when there is no log. A row cut short by a crash is skipped.</summary>
    public Task<IReadOnlyList<ChaosEvent>> ReadAsync(CancellationToken ct) => RecordRows.ReadCompleteLinesAsync<ChaosEvent>(path, ct);

    /// <summary>The faults started and not yet ended or failed, as their start rows.</summary>
    public async Task<IReadOnlyList<ChaosEvent>> ActiveAsync(CancellationToken ct) => ChaosEvent.InForce(await ReadAsync(ct));
}
