using CMesh.Common.Contracts;
using CMesh.Common.Records;

namespace CMesh.Coordinator.Chaos;

/// <summary>
/// The run's chaos.csv as the coordinator sees it through the results mount: read again only when its size or time
/// changes. A missing file means no fault; a last line without its newline is being written (or was cut short by a
/// killed CLI) and is left for the next read.
/// </summary>
public sealed class ChaosLogFile(string path)
{
    public const string FileName = "chaos.csv";

    private volatile Reading? _last;

    public static ChaosLogFile InResults(string resultsPath) => new(Path.Combine(resultsPath, FileName));

    public async Task<IReadOnlyList<FaultInForce>> InForceAsync(CancellationToken ct)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return [];
        }

        // Taken before reading, so a write in between makes the next call read again rather than miss it.
        var stamp = (file.Length, file.LastWriteTimeUtc);
        if (_last is { } last && last.Stamp == stamp)
        {
            return last.Faults;
        }

        var faults = FaultsInForce.From(await RecordRows.ReadCompleteLinesAsync<ChaosEvent>(path, ct));
        _last = new Reading(stamp, faults);
        return faults;
    }

    private sealed record Reading((long Length, DateTime Time) Stamp, IReadOnlyList<FaultInForce> Faults);
}
