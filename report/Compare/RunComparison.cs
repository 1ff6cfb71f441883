using CMesh.Report.Analysis;
using CMesh.Report.Input;
using CMesh.Report.Output;
using CMesh.Report.Statistics;

namespace CMesh.Report.Compare;

/// <summary>
/// The figures of several runs side by side, each with its change from the first (`cmesh report --compare A B C`):
/// one plan on several engines, or one engine before and after a change. Only figures every engine's records give
/// are compared; a run without one shows none.
/// </summary>
public static class RunComparison
{
    public const int MaxRuns = 8;

    public static IReadOnlyList<ComparedFigure> Compare(IReadOnlyList<RunFigures> runs)
    {
        ComparedFigure Figure(string name, string unit, Func<RunFigures, double?> pick, bool? lowerIsBetter) =>
            new(name, unit, runs.Select(pick).ToList(), lowerIsBetter);

        return
        [
            Figure("peers", "", r => r.Peers.Count, null),
            .. Times(runs, "message latency", r => r.Latency.Overall),
            Figure("missing updates", "", r => r.Missing, true),
            Figure("min delivered", "%", r => Min(r.Accounts.Values.Select(p => p.Percent)), false),
            Figure("mean delivered", "%", r => Mean(r.Accounts.Values.Select(p => p.Percent)), false),
            .. Times(runs, "resync after heal", r => r.Resync.Reached),
            Figure("resync after heal not reached", "", r => r.Resync.NotReached, true),
            Figure("time fresh", "%", r => r.Freshness.FreshPercent, false),
            Figure("min availability", "%", r => Min(r.Availability.ByPeer.Values.Select(p => p.Percent)), false),
            Figure("mean availability", "%", r => Mean(r.Availability.ByPeer.Values.Select(p => p.Percent)), false),
            Figure("divergent peers at the end", "", r => r.Convergence.Compared == 0 ? null : r.Convergence.Divergent.Count, true),
            Figure("data-interface bytes sent per delivery", "B", InterfaceBytesPerDelivery, true),
            Figure("link bytes sent per delivery", "B", LinkBytesPerDelivery, true),
            Figure("link catch-up bytes received", "B", r => r.Reconnects.Episodes.Count == 0 ? null : r.Reconnects.Episodes.Sum(e => e.Row.BytesIn), true),
            Figure("saturated host seconds", "s", r => r.Saturation.Measured ? r.Saturation.SaturatedSeconds : null, true),
        ];
    }

    /// <summary>
    /// Null when every run wrote on one schedule (the same --seed); otherwise a line saying they did not. A run whose
    /// writes happen to bunch has a longer latency tail, and without one seed that lands in some runs' figures only.
    /// </summary>
    public static string? ScheduleWarning(IReadOnlyList<RunInfo> runs)
    {
        var seeds = runs.Select(r => r.Plan.WorkloadSeed).ToList();
        if (seeds[0] is not null && seeds.All(seed => seed == seeds[0]))
        {
            return null;
        }

        var each = string.Join(", ", runs.Select(r => $"{r.RunId} {(r.Plan.WorkloadSeed is { } seed ? $"seed {seed}" : "no seed")}"));
        return $"the runs wrote on different schedules ({each}): a latency tail can differ for that alone; give every run the same --seed";
    }

    /// <summary>compare-with-….csv: one row per figure, a column per run, then each later run's change from the first.</summary>
    public static void Write(string path, IReadOnlyList<string> runIds, IReadOnlyList<string> engines, IReadOnlyList<ComparedFigure> figures)
    {
        var changes = runIds.Skip(1).SelectMany(id => new[] { $"change_{id}", $"change_pct_{id}" });
        using var table = CsvTable.Create(path, ["figure", "unit", .. runIds, .. changes]);
        table.Field("engine").Empty();
        foreach (var engine in engines)
        {
            table.Field(engine);
        }

        for (var run = 1; run < runIds.Count; run++)
        {
            table.Empty().Empty();
        }

        table.EndRow();
        foreach (var f in figures)
        {
            table.Field(f.Name).Field(f.Unit);
            var cells = f.Values.Concat(Enumerable.Range(1, runIds.Count - 1).SelectMany(run => new[] { f.Change(run), f.ChangePercent(run) }));
            foreach (var value in cells)
            {
                _ = value is { } v ? table.Field(v) : table.Empty();
            }

            table.EndRow();
        }
    }

    private static IEnumerable<ComparedFigure> Times(IReadOnlyList<RunFigures> runs, string name, Func<RunFigures, Distribution> pick)
    {
        ComparedFigure Of(string statistic, Func<Distribution, double> value) =>
            new($"{name} {statistic}", "ms", runs.Select(r => pick(r) is { HasSamples: true } d ? value(d) / 1000 : (double?)null).ToList(), true);

        yield return new ComparedFigure($"{name} count", "", runs.Select(r => (double?)pick(r).Count).ToList(), null);
        yield return Of("mean", d => d.Mean);
        yield return Of("p50", d => d.P50);
        yield return Of("p90", d => d.P90);
        yield return Of("p99", d => d.P99);
        yield return Of("p99.9", d => d.P999);
        yield return Of("max", d => d.Max);
    }

    private static double? Min(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Min() is var m && double.IsNaN(m) ? null : m;

    private static double? Mean(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Average() is var m && double.IsNaN(m) ? null : m;

    private static long Delivered(RunFigures run) => run.Accounts.Values.Sum(a => a.Delivered);

    /// <summary>Bytes the engine's own link records count (the built-in engine's bandwidth.csv).</summary>
    private static double? LinkBytesPerDelivery(RunFigures run) =>
        Delivered(run) == 0 || run.Bandwidth.ByPeer.Count == 0 ? null : run.Bandwidth.BytesOut / (double)Delivered(run);

    /// <summary>Bytes the kernel counted on the peers' data interfaces (TCP/IP included): the same for any engine.</summary>
    private static double? InterfaceBytesPerDelivery(RunFigures run)
    {
        var sent = run.Saturation.ByPeer.Values.Where(p => p.InterfaceTxBytes >= 0).ToList();
        return Delivered(run) == 0 || sent.Count == 0 ? null : sent.Sum(p => p.InterfaceTxBytes) / (double)Delivered(run);
    }
}
