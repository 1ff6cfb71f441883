using System.Globalization;
using System.Text.RegularExpressions;

namespace CMesh.Chaos.Assertions;

/// <summary>
/// What the report checks after a scenario, written <c>metric comparison threshold</c>:
/// <c>p99-message-latency &lt; 500ms</c>, <c>p99-resync &lt; 5s</c>, <c>min-availability &gt;= 99%</c>.
/// </summary>
public sealed partial record ScenarioAssertion(AssertionMetric Metric, Comparison Comparison, Threshold Threshold)
{
    public Threshold Threshold { get; } = Threshold.IsTime == Metric.IsTime
        ? Threshold
        : throw new FormatException($"{Metric} is {(Metric.IsTime ? "a time: give its threshold in ms, s or m" : "a percentage: give its threshold in %")}");

    /// <exception cref="FormatException">The text is not an assertion, or its parts do not fit together.</exception>
    public static ScenarioAssertion Parse(string text)
    {
        var match = Form().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not an assertion: write metric comparison threshold, such as p99-message-latency < 500ms or min-availability >= 99%");
        }

        var unit = match.Groups["unit"].Value switch
        {
            "ms" => ThresholdUnit.Milliseconds,
            "s" => ThresholdUnit.Seconds,
            "m" => ThresholdUnit.Minutes,
            _ => ThresholdUnit.Percent,
        };
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        if (unit == ThresholdUnit.Percent && value > 100)
        {
            throw new FormatException($"{value.ToString(CultureInfo.InvariantCulture)} is not a percentage (0-100)");
        }

        return new ScenarioAssertion(
            AssertionMetric.Parse(match.Groups["metric"].Value), ComparisonSymbols.Parse(match.Groups["comparison"].Value), new Threshold(value, unit));
    }

    public override string ToString() => $"{Metric} {Comparison.Symbol()} {Threshold}";

    [GeneratedRegex(@"^(?<metric>[a-z0-9-]+)\s*(?<comparison><=|>=|<|>)\s*(?<value>\d+(\.\d+)?)\s*(?<unit>ms|s|m|%)$")]
    private static partial Regex Form();
}
