using System.Globalization;

namespace CMesh.Chaos.Assertions;

public enum ThresholdUnit
{
    Milliseconds,
    Seconds,
    Minutes,
    Percent,
}

/// <summary>An assertion's threshold as written (500ms, 5s, 99%).</summary>
public sealed record Threshold(double Value, ThresholdUnit Unit)
{
    public bool IsTime => Unit != ThresholdUnit.Percent;

    /// <summary>The value in the unit results are compared in: milliseconds for times, percent for shares.</summary>
    public double InBaseUnit => Unit switch
    {
        ThresholdUnit.Seconds => Value * 1_000,
        ThresholdUnit.Minutes => Value * 60_000,
        _ => Value,
    };

    public override string ToString() => Value.ToString("0.###", CultureInfo.InvariantCulture) + Unit switch
    {
        ThresholdUnit.Milliseconds => "ms",
        ThresholdUnit.Seconds => "s",
        ThresholdUnit.Minutes => "m",
        _ => "%",
    };
}
