namespace CMesh.Common.Clocks;

/// <summary>How a clock is measured: this many exchanges, one after another with this much time between them.</summary>
public sealed record ClockSampling
{
    public static readonly ClockSampling Default = new(8, TimeSpan.FromMilliseconds(50));

    /// <exception cref="ArgumentOutOfRangeException">Fewer than one sample, or a negative spacing.</exception>
    public ClockSampling(int samples, TimeSpan spacing)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(spacing, TimeSpan.Zero);
        Samples = samples;
        Spacing = spacing;
    }

    public int Samples { get; }

    public TimeSpan Spacing { get; }
}
