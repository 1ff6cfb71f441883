using CMesh.Chaos.Assertions;

namespace CMesh.Tests.Chaos.Assertions;

public sealed class ScenarioAssertionTests
{
    [Fact]
    public void A_latency_percentile_reads_as_metric_comparison_and_threshold()
    {
        var assertion = ScenarioAssertion.Parse("p99-message-latency < 500ms");

        Assert.Equal(new AssertionMetric(Statistic.P99, MeasuredQuantity.MessageLatency), assertion.Metric);
        Assert.Equal(Comparison.Below, assertion.Comparison);
        Assert.Equal(new Threshold(500, ThresholdUnit.Milliseconds), assertion.Threshold);
    }

    [Fact]
    public void Time_thresholds_compare_in_milliseconds_whatever_unit_they_are_written_in()
    {
        Assert.Equal(5_000, ScenarioAssertion.Parse("p99-resync < 5s").Threshold.InBaseUnit);
        Assert.Equal(90_000, ScenarioAssertion.Parse("max-resync <= 1.5m").Threshold.InBaseUnit);
    }

    [Fact]
    public void A_minimum_availability_reads_as_a_percentage()
    {
        var assertion = ScenarioAssertion.Parse("min-availability >= 99.5%");

        Assert.Equal(new AssertionMetric(Statistic.Min, MeasuredQuantity.Availability), assertion.Metric);
        Assert.Equal(Comparison.AtLeast, assertion.Comparison);
        Assert.Equal(99.5, assertion.Threshold.InBaseUnit);
    }

    [Theory]
    [InlineData("p99-message-latency < 500ms")]
    [InlineData("mean-delivered > 99.9%")]
    [InlineData("p999-resync <= 10s")]
    public void An_assertion_prints_as_it_is_written(string text)
    {
        Assert.Equal(text, ScenarioAssertion.Parse(text).ToString());
    }

    [Theory]
    [InlineData("p99-availability > 50%", "use min, mean")]
    [InlineData("min-message-latency < 5s", "use p50, p90")]
    [InlineData("min-availability >= 5s", "a percentage")]
    [InlineData("p99-resync < 50%", "a time")]
    [InlineData("min-availability >= 120%", "not a percentage")]
    [InlineData("p99-message-latency = 5s", "not an assertion")]
    [InlineData("p99-message-latency < 5", "not an assertion")]
    [InlineData("fastest-resync < 1s", "not a statistic")]
    [InlineData("p99-throughput < 1s", "not a measured quantity")]
    public void An_assertion_that_does_not_fit_together_is_refused_saying_why(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => ScenarioAssertion.Parse(text));

        Assert.Contains(reason, error.Message);
    }
}
