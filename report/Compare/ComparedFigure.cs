namespace CMesh.Report.Compare;

/// <summary>One figure of several runs side by side; each change is that run's value relative to the first run's.</summary>
/// <param name="Values">One per run, in the order compared; null where the run has no such figure.</param>
/// <param name="LowerIsBetter">Whether a fall is an improvement (latency) or a loss (availability); null for plain counts.</param>
public sealed record ComparedFigure(string Name, string Unit, IReadOnlyList<double?> Values, bool? LowerIsBetter)
{
    public double? Baseline => Values[0];

    public double? Change(int run) => Baseline is { } a && Values[run] is { } b ? b - a : null;

    /// <summary>The change as a share of the first run's value; null when that is 0 or either is missing.</summary>
    public double? ChangePercent(int run) => Baseline is { } a && Values[run] is { } b && a != 0 ? 100 * (b - a) / Math.Abs(a) : null;

    public bool? Improved(int run) => Change(run) is { } change && change != 0 && LowerIsBetter is { } lower ? (change < 0) == lower : null;
}
