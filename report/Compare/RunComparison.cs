using CMesh.Report.Analysis;
using CMesh.Report.Output;
using CMesh.Report.Statistics;

namespace CMesh.Report.Compare;

/// <summary>The figures of two runs side by side with the change (`cmesh report --compare A B`).</summary>
public static class RunComparison
{
    public static IReadOnlyList<ComparedFigure> Compare(RunFigures a, RunFigures b) =>
    [
        .. Times("message latency", a.Latency.Overall, b.Latency.Overall),
        new("missing updates", "", a.Missing, b.Missing, LowerIsBetter: true),
        .. Times("resync after heal", a.Resync.Reached, b.Resync.Reached),
        new("resync after heal not reached", "", a.Resync.NotReached, b.Resync.NotReached, LowerIsBetter: true),
        new("link catch-up bytes received", "B", Sum(a, e => e.Row.BytesIn), Sum(b, e => e.Row.BytesIn), LowerIsBetter: true),
        new("min delivered", "%", Min(a.Accounts.Values.Select(p => p.Percent)), Min(b.Accounts.Values.Select(p => p.Percent)), LowerIsBetter: false),
        new("mean delivered", "%", Mean(a.Accounts.Values.Select(p => p.Percent)), Mean(b.Accounts.Values.Select(p => p.Percent)), LowerIsBetter: false),
        new("time fresh", "%", a.Freshness.FreshPercent, b.Freshness.FreshPercent, LowerIsBetter: false),
        new("min availability", "%", Min(a.Availability.ByPeer.Values.Select(p => p.Percent)), Min(b.Availability.ByPeer.Values.Select(p => p.Percent)), LowerIsBetter: false),
        new("mean availability", "%", Mean(a.Availability.ByPeer.Values.Select(p => p.Percent)), Mean(b.Availability.ByPeer.Values.Select(p => p.Percent)), LowerIsBetter: false),
        new("bytes sent per update delivered", "B", BytesPerDelivery(a), BytesPerDelivery(b), LowerIsBetter: true),
        new("peers", "", a.Peers.Count, b.Peers.Count, LowerIsBetter: null),
    ];

    /// <summary>compare-with-&lt;A&gt;.csv in B's report folder: one row per figure.</summary>
    public static void Write(string path, string runA, string runB, IReadOnlyList<ComparedFigure> figures)
    {
        using var table = CsvTable.Create(path, "figure", "unit", runA, runB, "change", "change_pct");
        foreach (var f in figures)
        {
            table.Field(f.Name).Field(f.Unit);
            foreach (var value in new[] { f.A, f.B, f.Change, f.ChangePercent })
            {
                _ = value is { } v ? table.Field(v) : table.Empty();
            }

            table.EndRow();
        }
    }

    private static IEnumerable<ComparedFigure> Times(string name, Distribution a, Distribution b)
    {
        double? Of(Distribution d, Func<Distribution, double> pick) => d.HasSamples ? pick(d) / 1000 : null;
        yield return new ComparedFigure($"{name} count", "", a.Count, b.Count, LowerIsBetter: null);
        yield return new ComparedFigure($"{name} mean", "ms", Of(a, d => d.Mean), Of(b, d => d.Mean), LowerIsBetter: true);
        yield return new ComparedFigure($"{name} p50", "ms", Of(a, d => d.P50), Of(b, d => d.P50), LowerIsBetter: true);
        yield return new ComparedFigure($"{name} p90", "ms", Of(a, d => d.P90), Of(b, d => d.P90), LowerIsBetter: true);
        yield return new ComparedFigure($"{name} p99", "ms", Of(a, d => d.P99), Of(b, d => d.P99), LowerIsBetter: true);
        yield return new ComparedFigure($"{name} p99.9", "ms", Of(a, d => d.P999), Of(b, d => d.P999), LowerIsBetter: true);
        yield return new ComparedFigure($"{name} max", "ms", Of(a, d => d.Max), Of(b, d => d.Max), LowerIsBetter: true);
    }

    private static double? Sum(RunFigures run, Func<ReconnectEpisode, long> pick) => run.Reconnects.Episodes.Count == 0 ? null : run.Reconnects.Episodes.Sum(pick);

    private static double? Min(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Min() is var m && double.IsNaN(m) ? null : m;

    private static double? Mean(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Average() is var m && double.IsNaN(m) ? null : m;

    private static double? BytesPerDelivery(RunFigures run)
    {
        var delivered = run.Accounts.Values.Sum(a => a.Delivered);
        return delivered == 0 || run.Bandwidth.ByPeer.Count == 0 ? null : run.Bandwidth.BytesOut / (double)delivered;
    }
}
