using System.Globalization;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Faults;

/// <summary>The range checks the fault records share, each naming the field it refuses.</summary>
internal static class FaultCheck
{
    public static double Percent(double value, string field) =>
        value is >= 0 and <= 100 ? value : throw new ScenarioFieldException(field, $"{value.ToString(CultureInfo.InvariantCulture)} is not a percentage (0-100)");

    public static TimeSpan Positive(TimeSpan value, string field) =>
        value > TimeSpan.Zero ? value : throw new ScenarioFieldException(field, $"{ScenarioValues.Format(value)} must be longer than 0s");

    public static TimeSpan NotNegative(TimeSpan value, string field) =>
        value >= TimeSpan.Zero ? value : throw new ScenarioFieldException(field, $"{ScenarioValues.Format(value)} must not be negative");

    public static int AtLeast(int value, int min, string field) =>
        value >= min ? value : throw new ScenarioFieldException(field, $"{value} must be at least {min}");
}
