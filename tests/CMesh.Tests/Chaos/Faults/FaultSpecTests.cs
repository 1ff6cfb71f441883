using CMesh.Chaos.Faults;
using CMesh.Chaos.Partitions;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Targets;
using CMesh.Chaos.Values;

namespace CMesh.Tests.Chaos.Faults;

public sealed class FaultSpecTests
{
    private static readonly TimeSpan Ms50 = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void A_delay_refuses_a_jitter_larger_than_itself()
    {
        var error = Assert.Throws<ScenarioFieldException>(() =>
            new DelayFault(Ms50, TimeSpan.FromMilliseconds(51), 25, DelayDistribution.Normal, LinkScope.Everywhere));

        Assert.Equal("jitter", error.Field);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    public void A_percentage_outside_0_to_100_is_refused(double percent)
    {
        var error = Assert.Throws<ScenarioFieldException>(() => new LossFault(percent, 75, LinkScope.Everywhere));

        Assert.Equal("percent", error.Field);
    }

    [Fact]
    public void Mobility_refuses_a_layout_that_never_changes()
    {
        Assert.Throws<ScenarioFieldException>(() => new MobilityFault(PartitionLayout.Parse("halves"), TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData("islands 1")]
    [InlineData("halves 2")]
    [InlineData("thirds")]
    public void A_layout_takes_a_count_only_for_two_or_more_islands(string text)
    {
        Assert.Throws<FormatException>(() => PartitionLayout.Parse(text));
    }

    [Fact]
    public void A_kill_refuses_a_signal_it_cannot_send()
    {
        Assert.Equal("signal", Assert.Throws<ScenarioFieldException>(() => new KillFault("SIGWHATEVER")).Field);
    }

    [Fact]
    public void A_step_that_happens_at_once_takes_no_duration()
    {
        var error = Assert.Throws<ScenarioFieldException>(() =>
            new ScenarioStep(TimeSpan.Zero, TimeSpan.FromSeconds(5), new RestartFault(TimeSpan.FromSeconds(10)), TargetSelector.All, null));

        Assert.Equal("duration", error.Field);
    }

    [Fact]
    public void A_repeated_step_starts_every_interval_and_ends_with_its_last_occurrence()
    {
        var step = new ScenarioStep(
            TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(8), new PartitionFault(PartitionLayout.Parse("isolate-one"), false),
            TargetSelector.Parse("peer-1"), new StepRepeat(TimeSpan.FromSeconds(20), 3));

        Assert.Equal([30, 50, 70], step.Starts.Select(s => s.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(78), step.End);
    }

    [Fact]
    public void Churn_needs_a_duration_of_at_least_one_interval()
    {
        var error = Assert.Throws<ScenarioFieldException>(() => new ScenarioStep(
            TimeSpan.Zero, TimeSpan.FromSeconds(5),
            new ChurnFault(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), KillFault.DefaultSignal), TargetSelector.All, null));

        Assert.Equal("fault.interval", error.Field);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    public void Durations_need_a_unit_and_print_back_compactly(string text, int milliseconds)
    {
        var duration = ScenarioValues.Duration(text);

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
        Assert.Equal(duration, ScenarioValues.Duration(ScenarioValues.Format(duration)));
    }

    [Theory]
    [InlineData("30")]
    [InlineData("30 s")]
    [InlineData("soon")]
    [InlineData("99999999999h")]
    public void Anything_but_a_duration_with_a_unit_within_reason_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => ScenarioValues.Duration(text));
    }

    [Theory]
    [InlineData("256kbit", 256)]
    [InlineData("1mbit", 1_000)]
    [InlineData("1.5mbit", 1_500)]
    [InlineData("1gbit", 1_000_000)]
    public void Bit_rates_read_in_kbit_as_tc_counts_them(string text, int kbit)
    {
        Assert.Equal(kbit, ScenarioValues.Kbit(text));
    }

    [Theory]
    [InlineData("256")]
    [InlineData("256kbps")]
    [InlineData("0.5kbit")]
    public void A_bit_rate_without_a_tc_unit_or_in_part_kbit_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => ScenarioValues.Kbit(text));
    }
}
