using System.Globalization;
using CMesh.Chaos.Assertions;
using CMesh.Report.Analysis;
using CMesh.Report.Derivation;
using CMesh.Report.Statistics;

namespace CMesh.Report.Assertions;

/// <summary>
/// Checks the scenarios' assertions against a run's figures. A quantity with no sample (no resync episode, no
/// availability row) fails: a gate must not pass on what was never measured.
/// </summary>
public static class AssertionEvaluator
{
    public static IReadOnlyList<AssertionResult> Evaluate(RunFigures figures) =>
    [
        .. figures.Scenarios.Scenarios.SelectMany(s => s.Assertions.Select(a => Evaluate(s.Name, a, figures))),
        .. figures.Scenarios.Problems.Select(p => new AssertionResult("", "scenario copy readable", p, Passed: false)),
    ];

    public static AssertionResult Evaluate(string scenario, ScenarioAssertion assertion, RunFigures figures)
    {
        var measured = Measure(assertion.Metric, figures);
        return measured is { } value
            ? new AssertionResult(scenario, assertion.ToString(), Format(value, assertion.Metric), Holds(value, assertion.Comparison, assertion.Threshold.InBaseUnit))
            : new AssertionResult(scenario, assertion.ToString(), $"not measured: no {Samples(assertion.Metric.Quantity)}", Passed: false);
    }

    /// <summary>The metric in the threshold's base unit (ms for times, % for shares); null when nothing was measured.</summary>
    public static double? Measure(AssertionMetric metric, RunFigures figures) => metric.Quantity switch
    {
        MeasuredQuantity.MessageLatency => OfTimes(figures.Latency.Overall, metric.Statistic),
        MeasuredQuantity.Resync => OfResync(figures.Resync, metric.Statistic),
        MeasuredQuantity.Availability => OfShares(figures.Availability.ByPeer.Values.Select(p => p.Percent).ToList(), metric.Statistic),
        _ => OfShares(figures.Accounts.Values.Select(p => p.Percent).ToList(), metric.Statistic),
    };

    /// <summary>Resync after heal: a peer that never caught up counts as infinitely slow, so it fails any bound.</summary>
    private static double? OfResync(HealResyncFigures resync, Statistic statistic)
    {
        if (resync.Targeted.Count == 0)
        {
            return null;
        }

        var quantile = statistic switch
        {
            Statistic.P50 => 0.5,
            Statistic.P90 => 0.9,
            Statistic.P95 => 0.95,
            Statistic.P99 => 0.99,
            Statistic.P999 => 0.999,
            _ => (double?)null,
        };
        if (resync.NotReached > 0 && statistic is Statistic.Max or Statistic.Mean)
        {
            return double.PositiveInfinity;
        }

        return quantile is { } q
            ? resync.Effective(q) is { } us ? us / 1000.0 : double.PositiveInfinity
            : OfTimes(resync.Reached, statistic);
    }

    private static double? OfTimes(Distribution d, Statistic statistic) => !d.HasSamples ? null : statistic switch
    {
        Statistic.P50 => d.P50,
        Statistic.P90 => d.P90,
        Statistic.P95 => d.P95,
        Statistic.P99 => d.P99,
        Statistic.P999 => d.P999,
        Statistic.Mean => d.Mean,
        _ => d.Max,
    } / 1000.0;

    private static double? OfShares(IReadOnlyList<double> perPeer, Statistic statistic) =>
        perPeer.Count == 0 ? null : statistic == Statistic.Min ? perPeer.Min() : perPeer.Average();

    private static bool Holds(double value, Comparison comparison, double threshold) => comparison switch
    {
        Comparison.Below => value < threshold,
        Comparison.AtMost => value <= threshold,
        Comparison.Above => value > threshold,
        _ => value >= threshold,
    };

    private static string Format(double value, AssertionMetric metric) =>
        double.IsPositiveInfinity(value) ? "not reached before the run ended"
        : metric.IsTime
            ? value >= 1000 ? $"{(value / 1000).ToString("0.###", CultureInfo.InvariantCulture)}s" : $"{value.ToString("0.###", CultureInfo.InvariantCulture)}ms"
            : $"{value.ToString("0.##", CultureInfo.InvariantCulture)}%";

    private static string Samples(MeasuredQuantity quantity) => quantity switch
    {
        MeasuredQuantity.MessageLatency => "delivery was recorded",
        MeasuredQuantity.Resync => "fault was healed during the run",
        MeasuredQuantity.Availability => "peer's writes.csv could be read",
        _ => "peer's deliveries.csv could be read",
    };
}
