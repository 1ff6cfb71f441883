using CMesh.Report.Statistics;

namespace CMesh.Tests.Report;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Quantiles_below_a_millisecond_are_exact()
    {
        var random = new Random(1);
        var values = Enumerable.Range(0, 10_000).Select(_ => (long)random.Next(0, 1024)).ToList();
        var histogram = new LatencyHistogram();
        values.ForEach(histogram.Add);

        foreach (var q in new[] { 0.001, 0.5, 0.9, 0.99, 0.999, 1.0 })
        {
            Assert.Equal(SyntheticRun.Quantile(values, q), histogram.Quantile(q));
        }
    }

    [Fact]
    public void Quantiles_of_any_size_are_within_the_stated_relative_error()
    {
        var random = new Random(2);
        var values = Enumerable.Range(0, 50_000).Select(_ => (long)Math.Exp(random.NextDouble() * 25)).ToList();
        var histogram = new LatencyHistogram();
        values.ForEach(histogram.Add);

        foreach (var q in new[] { 0.01, 0.5, 0.9, 0.99, 0.999 })
        {
            var exact = SyntheticRun.Quantile(values, q);
            Assert.InRange(histogram.Quantile(q), exact * (1 - histogram.RelativeError), exact * (1 + histogram.RelativeError));
        }

        Assert.True(histogram.RelativeError <= 0.0005);
    }

    [Fact]
    public void Count_mean_minimum_and_maximum_are_exact()
    {
        long[] values = [5, 1_000_000, 3_333_333, 42];
        var histogram = new LatencyHistogram();
        Array.ForEach(values, histogram.Add);

        var summary = histogram.Summarize();
        Assert.Equal(4, summary.Count);
        Assert.Equal(values.Average(), summary.Mean);
        Assert.Equal(3_333_333, summary.Max);
        Assert.Equal(5, histogram.Min);
    }

    [Fact]
    public void A_negative_latency_counts_as_zero()
    {
        var histogram = new LatencyHistogram();
        histogram.Add(-300);

        Assert.Equal(0, histogram.Quantile(0.5));
    }
}
