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

    /// <summary>count, mean, p50, p90, p99, p99.9, max: the summary's columns.</summary>
    public static IReadOnlyList<string> Row(Distribution d, int decimals = 3) => d.HasSamples
        ? [Count(d.Count), Ms(d.Mean, decimals), Ms(d.P50, decimals), Ms(d.P90, decimals), Ms(d.P99, decimals), Ms(d.P999, decimals), Ms(d.Max, decimals)]
        : ["0", "-", "-", "-", "-", "-", "-"];

    public static readonly IReadOnlyList<string> RowHeader = ["count", "mean ms", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"];
}
