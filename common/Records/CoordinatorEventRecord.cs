using System.Globalization;

namespace CMesh.Common.Records;

/// <summary>
/// coordinator/events.csv: registrations and the mesh's phase changes. A detail's <c>name_unix_us=N</c> parts
/// (workload-scheduled's start_at_unix_us) are times on the coordinator's clock, like the event's own.
/// </summary>
public readonly record struct CoordinatorEventRecord(long TimeUs, string Event, string Peer, string Detail) : IRecordFile<CoordinatorEventRecord>
{
    public const string RelativePath = "coordinator/events.csv";

    public static string FileName => "events.csv";

    public static IReadOnlyList<string> Columns => ["time_unix_us", "event", "peer", "detail"];

    public static IReadOnlyList<string> Required => ["time_unix_us", "event"];

    public static Func<IRecordFields, CoordinatorEventRecord> Reader(IRecordFields header)
    {
        int time = header.Column("time_unix_us"), name = header.Column("event"), peer = header.Column("peer"), detail = header.Column("detail");
        return f => new CoordinatorEventRecord(f.Long(time), f.Text(name), f.TextOr(peer, ""), f.TextOr(detail, ""));
    }

    public string ToCsvLine() => new CsvLine().Add(TimeUs).Add(Event).Add(Peer).Add(Detail).ToString();

    public CoordinatorEventRecord ShiftClock(long us) => this with { TimeUs = TimeUs + us, Detail = ShiftDetailTimes(Detail, us) };

    private static string ShiftDetailTimes(string detail, long us) => string.Join(' ', detail.Split(' ').Select(part =>
        part.Split('=') is [var name, var value] && name.EndsWith("_unix_us", StringComparison.Ordinal)
            && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var time)
            ? $"{name}={(time + us).ToString(CultureInfo.InvariantCulture)}"
            : part));
}
