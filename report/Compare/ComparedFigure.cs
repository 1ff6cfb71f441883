namespace CMesh.Report.Compare;

/// <summary>One figure of two runs side by side; the change is B relative to A.</summary>
/// <param name="LowerIsBetter">Whether a fall is an improvement (latency) or a loss (availability); null for plain counts.</param>
public sealed record ComparedFigure(string Name, string Unit, double? A, double? B, bool? LowerIsBetter)
{
    public double? Change => A is { } a && B is { } b ? b - a : null;

    /// <summary>The change as a share of A; null when A is 0 or either is missing.</summary>
    public double? ChangePercent => A is { } a && B is { } b && a != 0 ? 100 * (b - a) / Math.Abs(a) : null;

    public bool? Improved => Change is { } change && change != 0 && LowerIsBetter is { } lower ? (change < 0) == lower : null;
}
