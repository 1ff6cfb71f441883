using System.Globalization;
using CMesh.Report.Statistics;

namespace CMesh.Report.Output;

/// <summary>How figures read in tables: milliseconds with up to three decimals, percentages with two.</summary>
public static class Figures
{
    public static string Ms(double microseconds, int decimals = 3) =>
        (microseconds / 1000.0).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);

    public static string Percent(double value) => value.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>count, mean, p50, p90, p99, p99.9, max: the summary's columns; a quantile the count is too small for reads "n&lt;100" and so on.</summary>
    public static IReadOnlyList<string> Row(Distribution d, int decimals = 3) => d.HasSamples
        ? [Count(d.Count), Ms(d.Mean, decimals), Quantile(d, 0.5, d.P50, decimals), Quantile(d, 0.9, d.P90, decimals), Quantile(d, 0.99, d.P99, decimals),
            Quantile(d, 0.999, d.P999, decimals), Ms(d.Max, decimals)]
        : ["0", "-", "-", "-", "-", "-", "-"];

    /// <summary>A quantile, or why it is not printed: fewer samples than 1/(1 − q).</summary>
    public static string Quantile(Distribution d, double q, long value, int decimals = 3) =>
        d.Supports(q) ? Ms(value, decimals) : $"n<{Math.Round(1 / (1 - q)).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>An effective quantile: "missing" when it falls among the updates never delivered.</summary>
    public static string Effective(long? microseconds) => microseconds is { } us ? Ms(us) : "∞ (missing)";

    public static string Bytes(double bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " B";

    public static readonly IReadOnlyList<string> RowHeader = ["count", "mean ms", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"];
}
