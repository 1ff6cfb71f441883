using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CMesh.Chaos.Values;

/// <summary>
/// Quantities as scenarios write them: durations with a unit (500ms, 30s, 2m, 1m30s), percentages (20 or 20%) and
/// bit rates (256kbit, 1mbit, 1gbit), whole numbers and flags (true, false). Parsing throws <see cref="FormatException"/> with the accepted forms.
/// </summary>
public static partial class ScenarioValues
{
    public static TimeSpan Duration(string text)
    {
        var parts = DurationPart().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(m => m.Value)) != text)
        {
            throw new FormatException($"'{text}' is not a duration: write a number with a unit, such as 500ms, 30s, 2m or 1m30s");
        }

        try
        {
            return parts.Aggregate(TimeSpan.Zero, (sum, part) =>
            {
                var value = double.Parse(part.Groups["value"].Value, CultureInfo.InvariantCulture);
                return sum + part.Groups["unit"].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(value),
                    "s" => TimeSpan.FromSeconds(value),
                    "m" => TimeSpan.FromMinutes(value),
                    _ => TimeSpan.FromHours(value),
                };
            });
        }
        catch (OverflowException)
        {
            throw new FormatException($"'{text}' is longer than any run");
        }
    }

    /// <summary>A number with an optional % sign; whether it lies within 0-100 is for the field to decide.</summary>
    public static double Percent(string text) =>
        PercentForm().Match(text) is { Success: true } match
            ? double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)
            : throw new FormatException($"'{text}' is not a percentage: write a number such as 20 or 20%");

    /// <summary>A bit rate in whole kbit/s, as tc counts them (1mbit = 1000kbit).</summary>
    public static int Kbit(string text)
    {
        var match = BitRateForm().Match(text);
        var kbit = match.Success
            ? double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) * match.Groups["unit"].Value switch
            {
                "kbit" => 1,
                "mbit" => 1_000,
                _ => 1_000_000,
            }
            : double.NaN;
        return double.IsFinite(kbit) && kbit == Math.Floor(kbit) && kbit <= int.MaxValue
            ? (int)kbit
            : throw new FormatException($"'{text}' is not a bit rate: write whole kbit/s with a unit, such as 256kbit, 1mbit or 1.5mbit");
    }

    public static int Whole(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"'{text}' is not a whole number");

    public static bool Flag(string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"'{text}' is not true or false"),
    };

    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder(duration < TimeSpan.Zero ? "-" : "");
        duration = duration.Duration();
        foreach (var (amount, unit) in new[] { ((int)duration.TotalHours, "h"), (duration.Minutes, "m"), (duration.Seconds, "s"), (duration.Milliseconds, "ms") })
        {
            if (amount > 0)
            {
                text.Append(amount).Append(unit);
            }
        }

        return text.ToString();
    }

    public static string FormatPercent(double percent) => $"{percent.ToString("0.###", CultureInfo.InvariantCulture)}%";

    public static string FormatKbit(int kbit) => kbit % 1000 == 0 ? $"{kbit / 1000}mbit" : $"{kbit}kbit";

    [GeneratedRegex(@"(?<value>\d+(\.\d+)?)(?<unit>ms|s|m|h)")]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"^(?<value>-?\d+(\.\d+)?)%?$")]
    private static partial Regex PercentForm();

    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?)(?<unit>kbit|mbit|gbit)$")]
    private static partial Regex BitRateForm();
}
