using System.Globalization;
using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Faults;

/// <summary>A bandwidth limit (tc tbf) in kbit/s.</summary>
public sealed record RateFault(int Kbit, LinkScope Scope) : LinkFault(Scope), IDefinesFaultKind
{
    public const int DefaultKbit = 1_000;

    /// <summary>tbf's queue: a packet waiting longer than this is dropped, as on a congested link.</summary>
    public static readonly TimeSpan QueueLatency = TimeSpan.FromMilliseconds(200);

    public static FaultKind Definition { get; } = new("rate", 6, f => new RateFault(f.Get("rate", ScenarioValues.Kbit, DefaultKbit), LinkScope.Read(f)))
    {
        Fields = ["rate", .. LinkScope.Fields],
        BareField = "rate",
    };

    public int Kbit { get; } = FaultCheck.AtLeast(Kbit, 8, "rate");

    public override FaultKind Kind => Definition;

    public override LinkQdisc Qdisc => new(
        KernelFeature.Tbf,
        ["tbf", "rate", $"{Kbit.ToString(CultureInfo.InvariantCulture)}kbit", "burst", Burst.ToString(CultureInfo.InvariantCulture), "latency", TcValues.Time(QueueLatency)]);

    /// <summary>
    /// The bucket holds 20 ms of traffic at the rate, but never less than two full-size Ethernet frames: a smaller
    /// bucket could never pass a full frame, and a larger one would let bursts through well above the rate.
    /// </summary>
    public int Burst => Math.Max(2 * 1514, Kbit * 1000 / 8 / 50);

    public override string ToString() => $"rate {ScenarioValues.FormatKbit(Kbit)}{Scope}";
}
