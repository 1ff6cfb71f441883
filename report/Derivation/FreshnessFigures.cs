using CMesh.Report.Statistics;

namespace CMesh.Report.Derivation;

/// <param name="BoundUs">The plan's freshness bound.</param>
/// <param name="Lag">Every (reader, writer, second) sample's lag, in µs.</param>
/// <param name="FreshPercent">Share of all samples within the bound.</param>
public sealed record FreshnessFigures(
    long BoundUs,
    Distribution Lag,
    double FreshPercent,
    IReadOnlyDictionary<string, ReaderFreshness> ByReader,
    IReadOnlyList<FreshnessCell> Cells,
    IReadOnlyList<SecondFreshness> PerSecond);

/// <param name="Samples">(writer, second) samples counted for this reader.</param>
/// <param name="FreshPercent">Share of them within the bound; NaN with none.</param>
public sealed record ReaderFreshness(long Samples, double FreshPercent);

/// <summary>One reader's lag behind one writer over the run.</summary>
public sealed record FreshnessCell(string Writer, string Reader, long Samples, long Fresh, long MaxLagUs)
{
    public double FreshPercent => Samples == 0 ? double.NaN : 100.0 * Fresh / Samples;
}

/// <param name="WorstLagUs">The largest lag of any pair this second; -1 with none.</param>
public sealed record SecondFreshness(int Second, long Samples, double FreshPercent, long WorstLagUs);
