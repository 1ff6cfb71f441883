namespace CMesh.Common.Records;

/// <summary>
/// peers/&lt;peer&gt;/samples.csv: the peer once a second, at its own moment within each Unix second (the same in every
/// run, from its id). <see cref="DueAtUs"/> is when the sample was due, <see cref="TimeUs"/> when it was taken,
/// <see cref="LatenessUs"/> the difference: how late this process was scheduled. CPU is the process's cumulative
/// user + system time; RSS its resident memory now; the interface counters are the data interface's cumulative
/// bytes as the kernel counts them (TCP/IP headers included; -1 where unreadable).
/// </summary>
public readonly record struct SampleRecord(
    long DueAtUs,
    long TimeUs,
    long LatenessUs,
    string State,
    int OpenLinks,
    long UpdatesHeld,
    long CpuUs,
    long RssBytes,
    long InterfaceRxBytes,
    long InterfaceTxBytes) : IRecordFile<SampleRecord>
{
    public static string FileName => "samples.csv";

    public static IReadOnlyList<string> Columns =>
        ["due_unix_us", "time_unix_us", "lateness_us", "state", "open_links", "updates_held", "cpu_us", "rss_bytes", "iface_rx_bytes", "iface_tx_bytes"];

    public static IReadOnlyList<string> Required => Columns;

    public static Func<IRecordFields, SampleRecord> Reader(IRecordFields header)
    {
        int due = header.Column("due_unix_us"), time = header.Column("time_unix_us"), lateness = header.Column("lateness_us"),
            state = header.Column("state"), links = header.Column("open_links"), held = header.Column("updates_held"), cpu = header.Column("cpu_us"),
            rss = header.Column("rss_bytes"), rx = header.Column("iface_rx_bytes"), tx = header.Column("iface_tx_bytes");
        return f => new SampleRecord(
            f.Long(due), f.Long(time), f.Long(lateness), f.Text(state), checked((int)f.Long(links)), f.Long(held), f.Long(cpu), f.Long(rss),
            f.Long(rx), f.Long(tx));
    }

    public string ToCsvLine() => new CsvLine().Add(DueAtUs).Add(TimeUs).Add(LatenessUs).Add(State).Add(OpenLinks).Add(UpdatesHeld).Add(CpuUs)
        .Add(RssBytes).Add(InterfaceRxBytes).Add(InterfaceTxBytes).ToString();

    /// <summary>The due time moves with the time: the sample still stands for the second that ends there.</summary>
    public SampleRecord ShiftClock(long us) => this with { DueAtUs = DueAtUs + us, TimeUs = TimeUs + us };
}
