using CMesh.Common.Records;

namespace CMesh.Common.Contracts;

/// <summary>
/// One row of a run's chaos.csv: a fault starting, ending, acting (a churn kill, a mobility move) or failing. The CLI
/// writes the file; the CLI (`cmesh chaos ls`, `clear`) and the coordinator (its dashboard) read it.
/// <see cref="TimeUnixUs"/> is when the action was done; <see cref="Began"/> when it began. Applying or reverting a
/// fault on many members takes a while, and the fault is partly in force, or partly healed, all along.
/// </summary>
/// <param name="BeganUnixUs">When the action began; null for an instant (older files have no such column).</param>
public sealed record ChaosEvent(
    long TimeUnixUs,
    string Event,
    string FaultId,
    string Kind,
    string Targets,
    string Parameters,
    string Mechanism,
    string Detail,
    long? BeganUnixUs = null) : IRecordFile<ChaosEvent>
{
    public const string Start = "start";
    public const string End = "end";
    public const string Action = "action";
    public const string Failed = "failed";

    public static string FileName => "chaos.csv";

    /// <summary>The column files written before it was recorded lack.</summary>
    public const string BeganColumn = "began_unix_us";

    public static IReadOnlyList<string> Columns => ["time_unix_us", "event", "fault_id", "kind", "targets", "parameters", "mechanism", "detail", BeganColumn];

    public static IReadOnlyList<string> Required => ["time_unix_us", "event", "fault_id"];

    public static Func<IRecordFields, ChaosEvent> Reader(IRecordFields header)
    {
        int time = header.Column("time_unix_us"), name = header.Column("event"), id = header.Column("fault_id"), kind = header.Column("kind"),
            targets = header.Column("targets"), parameters = header.Column("parameters"), mechanism = header.Column("mechanism"), detail = header.Column("detail"),
            began = header.Column(BeganColumn);
        return f => new ChaosEvent(
            f.Long(time), f.Text(name), f.Text(id), f.TextOr(kind, ""), f.TextOr(targets, ""), f.TextOr(parameters, ""), f.TextOr(mechanism, ""),
            f.TextOr(detail, ""), began < 0 ? null : f.Long(began));
    }

    /// <summary>When the action began: the time it was done for an instant.</summary>
    public long Began => BeganUnixUs ?? TimeUnixUs;

    public string ToCsvLine() => new CsvLine().Add(TimeUnixUs).Add(Event).Add(FaultId).Add(Kind).Add(Targets).Add(Parameters).Add(Mechanism).Add(Detail).Add(Began).ToString();

    public ChaosEvent ShiftClock(long us) => this with { TimeUnixUs = TimeUnixUs + us, BeganUnixUs = BeganUnixUs + us };

    /// <summary>The targets column: member names separated by spaces.</summary>
    public IReadOnlyList<string> TargetNames => Targets.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The faults in force, as their start rows: started, and neither ended nor failed.</summary>
    public static IReadOnlyList<ChaosEvent> InForce(IReadOnlyList<ChaosEvent> rows)
    {
        var finished = rows.Where(r => r.Event is End or Failed).Select(r => r.FaultId).ToHashSet();
        return rows.Where(r => r.Event == Start && !finished.Contains(r.FaultId)).ToList();
    }
}
