using System.Globalization;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>The queueing discipline that carries a link fault: its tc arguments and the kernel feature it needs.</summary>
public sealed record LinkQdisc(KernelFeature Needs, IReadOnlyList<string> Arguments)
{
    /// <summary>tbf's queue: a packet waiting longer than this is dropped, as on a congested link.</summary>
    public static readonly TimeSpan RateQueueLatency = TimeSpan.FromMilliseconds(200);

    /// <summary>The netem or tbf arguments of a fault that is shaped with tc (every link fault but uncorrelated loss).</summary>
    public static LinkQdisc For(LinkFault fault) => fault switch
    {
        DelayFault d => Netem(["delay", .. Delay(d)]),
        LossFault l => Netem(["loss", "random", TcValues.Percent(l.Percent), TcValues.Percent(l.Correlation)]),
        BurstLossFault b => Netem(["loss", "gemodel", TcValues.Percent(b.P), TcValues.Percent(b.R), TcValues.Percent(b.BadLoss), TcValues.Percent(b.GoodLoss)]),
        DuplicateFault d => Netem(["duplicate", TcValues.Percent(d.Percent), TcValues.Percent(d.Correlation)]),
        CorruptFault c => Netem(["corrupt", TcValues.Percent(c.Percent), TcValues.Percent(c.Correlation)]),
        ReorderFault r => Netem(
            ["delay", TcValues.Time(r.Delay), "reorder", TcValues.Percent(r.Percent), TcValues.Percent(r.Correlation), .. r.Gap is { } gap ? new[] { "gap", gap.ToString(CultureInfo.InvariantCulture) } : []]),
        RateFault r => new LinkQdisc(
            KernelFeature.Tbf,
            ["tbf", "rate", $"{r.Kbit.ToString(CultureInfo.InvariantCulture)}kbit", "burst", Burst(r.Kbit).ToString(CultureInfo.InvariantCulture), "latency", TcValues.Time(RateQueueLatency)]),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "not a tc fault"),
    };

    /// <summary>
    /// The bucket holds 20 ms of traffic at the rate, but never less than two full-size Ethernet frames: a smaller
    /// bucket could never pass a full frame, and a larger one would let bursts through well above the rate.
    /// </summary>
    public static int Burst(int kbit) => Math.Max(2 * 1514, kbit * 1000 / 8 / 50);

    private static LinkQdisc Netem(IReadOnlyList<string> arguments) => new(KernelFeature.Netem, ["netem", .. arguments]);

    // tc reads "delay TIME JITTER CORRELATION"; netem's default distribution is uniform and has no table to name.
    private static IEnumerable<string> Delay(DelayFault d)
    {
        yield return TcValues.Time(d.Delay);
        if (d.Jitter == TimeSpan.Zero)
        {
            yield break;
        }

        yield return TcValues.Time(d.Jitter);
        yield return TcValues.Percent(d.Correlation);
        if (d.Distribution != DelayDistribution.Uniform)
        {
            yield return "distribution";
            yield return KebabName.Of(d.Distribution);
        }
    }
}
