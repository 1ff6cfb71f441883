using CMesh.Common.Records;

namespace CMesh.Coordinator.Host;

/// <summary>
/// Writes coordinator/host.csv: once a second, on the run's grid, the host's CPU busy share since the previous sample,
/// its load and memory, and how late the coordinator took the sample. The report shades and counts the seconds
/// when the host was saturated, where latency measures this host rather than the network.
/// </summary>
public sealed class HostSampler(HostCounters counters, RecordFileWriter<HostSampleRecord> file)
{
    private (long Busy, long Total)? _previous = counters.CpuTimes();

    public void Sample(long dueUs, long timeUs)
    {
        var now = counters.CpuTimes();
        var busy = now is { } n && _previous is { } p && n.Total > p.Total ? 100.0 * (n.Busy - p.Busy) / (n.Total - p.Total) : -1;
        _previous = now;
        var (total, available) = counters.Memory();
        file.Append(new HostSampleRecord(dueUs, timeUs, timeUs - dueUs, busy, counters.Load1(), total, available));
        file.Flush();
    }
}
