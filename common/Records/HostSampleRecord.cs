namespace CMesh.Common.Records;

/// <summary>
/// coordinator/host.csv: the host once a second, on the whole Unix second, read by the coordinator
/// from the kernel's host-wide counters (/proc/stat, /proc/loadavg, /proc/meminfo are not namespaced).
/// <see cref="CpuBusyPercent"/> is the share of all cores' time since the previous sample not spent idle or in I/O
/// wait; <see cref="LatenessUs"/> how late the coordinator took the sample.
/// </summary>
public readonly record struct HostSampleRecord(
    long DueAtUs, long TimeUs, long LatenessUs, double CpuBusyPercent, double Load1, long MemoryTotalBytes, long MemoryAvailableBytes)
    : IRecordFile<HostSampleRecord>
{
    public const string RelativePath = "coordinator/host.csv";

    public static string FileName => "host.csv";

    public static IReadOnlyList<string> Columns =>
        ["due_unix_us", "time_unix_us", "lateness_us", "cpu_busy_pct", "load1", "memory_total_bytes", "memory_available_bytes"];

    public static IReadOnlyList<string> Required => Columns;

    public static Func<IRecordFields, HostSampleRecord> Reader(IRecordFields header)
    {
        int due = header.Column("due_unix_us"), time = header.Column("time_unix_us"), lateness = header.Column("lateness_us"),
            busy = header.Column("cpu_busy_pct"), load = header.Column("load1"), total = header.Column("memory_total_bytes"),
            available = header.Column("memory_available_bytes");
        return f => new HostSampleRecord(f.Long(due), f.Long(time), f.Long(lateness), f.Double(busy), f.Double(load), f.Long(total), f.Long(available));
    }

    public string ToCsvLine() =>
        new CsvLine().Add(DueAtUs).Add(TimeUs).Add(LatenessUs).Add(CpuBusyPercent).Add(Load1).Add(MemoryTotalBytes).Add(MemoryAvailableBytes).ToString();

    public HostSampleRecord ShiftClock(long us) => this with { DueAtUs = DueAtUs + us, TimeUs = TimeUs + us };
}
