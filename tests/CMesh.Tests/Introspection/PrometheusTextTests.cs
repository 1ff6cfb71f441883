using CMesh.Introspection.Metrics;

namespace CMesh.Tests.Introspection;

public sealed class PrometheusTextTests
{
    [Fact]
    public void A_family_is_written_once_with_its_help_and_type_then_its_samples_with_escaped_labels()
    {
        var text = new PrometheusText()
            .Family("cmesh_test_events_total", MetricType.Counter, "Events.\nSecond line")
            .Sample(3, ("event", "open"))
            .Sample(1, ("event", "say \"hi\" \\ bye"))
            .ToString();

        Assert.Equal(
            "# HELP cmesh_test_events_total Events.\\nSecond line\n# TYPE cmesh_test_events_total counter\n"
            + "cmesh_test_events_total{event=\"open\"} 3\ncmesh_test_events_total{event=\"say \\\"hi\\\" \\\\ bye\"} 1\n",
            text);
    }

    [Fact]
    public void A_histogram_writes_cumulative_buckets_up_to_inf_then_its_sum_and_count_in_seconds()
    {
        var histogram = new Histogram([0.001, 0.01]);
        histogram.ObserveMicros(500);
        histogram.ObserveMicros(5_000);
        histogram.ObserveMicros(2_000_000);

        var text = new PrometheusText().Family("cmesh_test_latency_seconds", MetricType.Histogram, "Latency.")
            .Histogram(histogram.Snapshot(), ("route", "a")).ToString();

        Assert.Contains("cmesh_test_latency_seconds_bucket{route=\"a\",le=\"0.001\"} 1\n", text);
        Assert.Contains("cmesh_test_latency_seconds_bucket{route=\"a\",le=\"0.01\"} 2\n", text);
        Assert.Contains("cmesh_test_latency_seconds_bucket{route=\"a\",le=\"+Inf\"} 3\n", text);
        Assert.Contains("cmesh_test_latency_seconds_sum{route=\"a\"} 2.0055\n", text);
        Assert.Contains("cmesh_test_latency_seconds_count{route=\"a\"} 3\n", text);
    }

    [Fact]
    public void A_counter_not_named_total_and_a_family_written_twice_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new PrometheusText().Family("cmesh_events", MetricType.Counter, "x"));
        Assert.Throws<ArgumentException>(() => new PrometheusText().Family("1cmesh", MetricType.Gauge, "x"));
        var text = new PrometheusText().Family("cmesh_links", MetricType.Gauge, "x");
        Assert.Throws<InvalidOperationException>(() => text.Family("cmesh_links", MetricType.Gauge, "x"));
    }

    [Fact]
    public void Histogram_bounds_must_rise()
    {
        Assert.Throws<ArgumentException>(() => new Histogram([0.1, 0.1]));
    }
}
