using CMesh.Chaos.Faults;
using CMesh.Chaos.Mechanisms;

namespace CMesh.Tests.Chaos.Mechanisms;

public sealed class LinkQdiscTests
{
    private static readonly LinkScope Egress = LinkScope.Everywhere;

    [Fact]
    public void Delay_with_jitter_gives_netem_the_time_jitter_correlation_and_distribution_in_that_order() =>
        Assert.Equal(
            ["netem", "delay", "200ms", "100ms", "25%", "distribution", "pareto"],
            (new DelayFault(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(100), 25, DelayDistribution.Pareto, Egress)).Qdisc.Arguments);

    [Fact]
    public void Uniform_delay_names_no_distribution_because_it_is_netems_default_and_has_no_table() =>
        Assert.Equal(
            ["netem", "delay", "50ms", "10ms", "0%"],
            (new DelayFault(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10), 0, DelayDistribution.Uniform, Egress)).Qdisc.Arguments);

    [Fact]
    public void Delay_without_jitter_is_the_time_alone_and_sub_millisecond_times_are_written_in_microseconds()
    {
        Assert.Equal(["netem", "delay", "200ms"], (new DelayFault(TimeSpan.FromMilliseconds(200), TimeSpan.Zero, 25, DelayDistribution.Normal, Egress)).Qdisc.Arguments);
        Assert.Equal(["netem", "delay", "1500us"], (new DelayFault(TimeSpan.FromMicroseconds(1500), TimeSpan.Zero, 0, DelayDistribution.Normal, Egress)).Qdisc.Arguments);
    }

    [Fact]
    public void Correlated_loss_duplicate_and_corrupt_each_give_percent_then_correlation()
    {
        Assert.Equal(["netem", "loss", "random", "20%", "75%"], (new LossFault(20, 75, Egress)).Qdisc.Arguments);
        Assert.Equal(["netem", "duplicate", "1.5%", "10%"], (new DuplicateFault(1.5, 10, Egress)).Qdisc.Arguments);
        Assert.Equal(["netem", "corrupt", "5%", "0%"], (new CorruptFault(5, 0, Egress)).Qdisc.Arguments);
    }

    [Fact]
    public void Burst_loss_is_netems_gilbert_elliott_model_with_p_r_and_the_loss_in_each_state() =>
        Assert.Equal(["netem", "loss", "gemodel", "1%", "30%", "100%", "0%"], (new BurstLossFault(1, 30, 100, 0, Egress)).Qdisc.Arguments);

    [Fact]
    public void Reorder_delays_the_rest_so_the_chosen_share_overtakes_and_takes_an_optional_gap()
    {
        Assert.Equal(["netem", "delay", "10ms", "reorder", "25%", "50%"], (new ReorderFault(25, 50, TimeSpan.FromMilliseconds(10), null, Egress)).Qdisc.Arguments);
        Assert.Equal(["netem", "delay", "10ms", "reorder", "25%", "50%", "gap", "5"], (new ReorderFault(25, 50, TimeSpan.FromMilliseconds(10), 5, Egress)).Qdisc.Arguments);
    }

    [Fact]
    public void Rate_is_a_tbf_with_a_bucket_of_twenty_milliseconds_but_never_less_than_two_full_frames()
    {
        Assert.Equal(["tbf", "rate", "256kbit", "burst", "3028", "latency", "200ms"], (new RateFault(256, Egress)).Qdisc.Arguments);
        Assert.Equal(["tbf", "rate", "100000kbit", "burst", "250000", "latency", "200ms"], (new RateFault(100_000, Egress)).Qdisc.Arguments);
        Assert.Equal(KernelFeature.Tbf, (new RateFault(256, Egress)).Qdisc.Needs);
        Assert.Equal(KernelFeature.Netem, (new LossFault(20, 75, Egress)).Qdisc.Needs);
    }
}
