using CMesh.Chaos.Values;

namespace CMesh.Chaos.Assertions;

/// <summary>What the results measure that a scenario can assert on.</summary>
public enum MeasuredQuantity
{
    /// <summary>Per delivery: received minus written (deliveries.csv).</summary>
    MessageLatency,

    /// <summary>Per healed fault and targeted peer: from the heal until it held everything written before it (a peer that never did counts as infinite).</summary>
    Resync,

    /// <summary>Per peer: the share of the window's periods with an acknowledged write (writes.csv).</summary>
    Availability,

    /// <summary>Per peer: the share of the expected updates of the other writers it received.</summary>
    Delivered,
}

public enum Statistic
{
    P50,
    P90,
    P95,
    P99,
    P999,
    Mean,
    Min,
    Max,
}

/// <summary>
/// A statistic of a quantity, written statistic-quantity (p99-message-latency, min-availability): percentiles,
/// mean and max of the time quantities; min and mean of the per-peer percentages.
/// </summary>
public sealed record AssertionMetric(Statistic Statistic, MeasuredQuantity Quantity)
{
    private static readonly Statistic[] OfTimes = [Statistic.P50, Statistic.P90, Statistic.P95, Statistic.P99, Statistic.P999, Statistic.Mean, Statistic.Max];
    private static readonly Statistic[] OfPercentages = [Statistic.Min, Statistic.Mean];

    public Statistic Statistic { get; } = Allowed(Quantity).Contains(Statistic)
        ? Statistic
        : throw new FormatException($"{KebabName.Of(Statistic)} of {KebabName.Of(Quantity)} is not measured: use {string.Join(", ", Allowed(Quantity).Select(KebabName.Of))}");

    /// <summary>A time (threshold in ms, s or m) rather than a percentage.</summary>
    public bool IsTime => Quantity is MeasuredQuantity.MessageLatency or MeasuredQuantity.Resync;

    /// <exception cref="FormatException">Not statistic-quantity, or a pair that is not measured.</exception>
    public static AssertionMetric Parse(string text)
    {
        var dash = text.IndexOf('-');
        if (dash <= 0)
        {
            throw new FormatException($"'{text}' is not a metric: write statistic-quantity, such as p99-message-latency or min-availability");
        }

        return new AssertionMetric(KebabName.Parse<Statistic>(text[..dash], "statistic"), KebabName.Parse<MeasuredQuantity>(text[(dash + 1)..], "measured quantity"));
    }

    public override string ToString() => $"{KebabName.Of(Statistic)}-{KebabName.Of(Quantity)}";

    private static Statistic[] Allowed(MeasuredQuantity quantity) =>
        quantity is MeasuredQuantity.MessageLatency or MeasuredQuantity.Resync ? OfTimes : OfPercentages;
}
