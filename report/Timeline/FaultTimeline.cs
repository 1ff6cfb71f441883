using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Report.Input;

namespace CMesh.Report.Timeline;

/// <summary>
/// The faults of a run, built from chaos.csv's events: a start opens a fault, an end closes it, actions and failures
/// are noted on it. A fault is in force, at least in part, from the moment its start began (applying it to many
/// members takes a while) until its end was done; it began to heal when its end began. A fault never ended lasted
/// until the run's end (<see cref="RunWindow.DrawEndUs"/>); a fault that only failed is kept as an instant, so that
/// its failure shows.
/// </summary>
public static class FaultTimeline
{
    public const string RunEnded = "until the run's end";

    public static IReadOnlyList<FaultInterval> Build(IEnumerable<ChaosEvent> events, RunWindow window)
    {
        var faults = new Dictionary<string, Builder>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!faults.TryGetValue(e.FaultId, out var fault))
            {
                faults[e.FaultId] = fault = new Builder(e);
            }

            fault.Take(e);
        }

        return faults.Values.Select(f => f.Build(window)).OrderBy(f => f.StartUs).ThenBy(f => f.Id, NaturalOrder.Instance).ToList();
    }

    private sealed class Builder(ChaosEvent first)
    {
        private readonly List<FaultNote> _actions = [];
        private readonly List<FaultNote> _failures = [];
        private ChaosEvent? _started;
        private long? _start;
        private long? _end;
        private long? _healBegan;
        private string _endDetail = RunEnded;

        public void Take(ChaosEvent e)
        {
            switch (e.Event)
            {
                case "start":
                    _start = e.Began;
                    _started = e;
                    break;
                case "end":
                    _end = e.TimeUnixUs;
                    _healBegan = e.Began;
                    _endDetail = e.Detail;
                    break;
                case "action":
                    _actions.Add(new FaultNote(e.TimeUnixUs, e.Detail));
                    break;
                case "failed":
                    _failures.Add(new FaultNote(e.TimeUnixUs, e.Detail));
                    break;
            }
        }

        public FaultInterval Build(RunWindow window)
        {
            var start = _start ?? _failures.Select(f => (long?)f.TimeUs).FirstOrDefault() ?? first.TimeUnixUs;
            var end = _end ?? (_start is null ? start : window.DrawEndUs);
            var endDetail = _start is null && _end is null ? "failed" : _endDetail;
            var described = _started ?? first;
            return new FaultInterval(
                first.FaultId, described.Kind, described.Targets, described.Parameters, described.Mechanism,
                start, Math.Max(start, end), Math.Clamp(_healBegan ?? end, start, Math.Max(start, end)), endDetail, _actions, _failures);
        }
    }
}
