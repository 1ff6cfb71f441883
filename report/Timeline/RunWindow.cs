using System.Globalization;
using CMesh.Report.Input;

namespace CMesh.Report.Timeline;

/// <summary>
/// The seconds a run is measured over, in Unix µs: from the workload's start (when every peer began writing) to
/// the mesh being stopped. <see cref="DrawEndUs"/> reaches on to run.json's stoppedAt, where a fault left without
/// an end is drawn to.
/// </summary>
public sealed record RunWindow(long StartUs, long EndUs, long DrawEndUs)
{
    public const long Second = 1_000_000;

    /// <summary>Whole seconds only: a last second cut short by the stop would count every peer as missing from it.</summary>
    public int Seconds => (int)Math.Max(1, (EndUs - StartUs) / Second);

    /// <summary>The second of the window a time falls in, or -1 outside it.</summary>
    public int SecondOf(long timeUs) => timeUs < StartUs || timeUs >= StartUs + ((long)Seconds * Second) ? -1 : (int)((timeUs - StartUs) / Second);

    /// <summary>
    /// The second of the window a per-second sample due at <paramref name="dueUs"/> stands for: the one that holds most
    /// of the second it covers, which ends at its due time. The coordinator samples on the whole second, so its sample
    /// stands for the second before; each peer samples at its own moment within the second
    /// (<c>SecondTicker.OffsetFor</c>).
    /// </summary>
    public int SecondCoveredBy(long dueUs) => SecondOf(dueUs - (Second / 2));

    public double OffsetSeconds(long timeUs) => (timeUs - StartUs) / (double)Second;

    /// <summary>
    /// The workload's start from the coordinator (else ready, else started, else the first write); the stop from
    /// the coordinator (else run.json's stoppedAt, else the last write).
    /// </summary>
    public static RunWindow From(RunInfo run, IReadOnlyList<CMesh.Common.Records.CoordinatorEventRecord> coordinator, long? firstWriteUs, long? lastWriteUs)
    {
        var scheduled = coordinator.Where(e => e.Event == "workload-scheduled").Select(e => StartAt(e.Detail)).FirstOrDefault(t => t is not null);
        var stopping = coordinator.Where(e => e.Event == "mesh-stopping").Select(e => (long?)e.TimeUs).FirstOrDefault();
        var start = scheduled ?? Microseconds(run.ReadyAt) ?? Microseconds(run.StartedAt) ?? firstWriteUs ?? 0;
        var stoppedAt = Microseconds(run.StoppedAt);
        var end = Math.Max(start + Second, stopping ?? stoppedAt ?? lastWriteUs ?? start + Second);
        return new RunWindow(start, end, Math.Max(end, stoppedAt ?? end));
    }

    private static long? StartAt(string detail) =>
        detail.Split(' ').Select(part => part.Split('=')).Where(kv => kv is ["start_at_unix_us", _])
            .Select(kv => long.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : (long?)null).FirstOrDefault();

    private static long? Microseconds(DateTimeOffset? time) => time is { } t ? (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10 : null;
}
