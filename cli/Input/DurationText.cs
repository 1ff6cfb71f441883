using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CMesh.Cli.Input;

/// <summary>Durations as users type them: 90, 90s, 500ms, 2m, 1h, 1m30s.</summary>
public static partial class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var parts = Part().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(m => m.Value)) != text)
        {
            return false;
        }

        foreach (Match part in parts)
        {
            var value = double.Parse(part.Groups["value"].Value, CultureInfo.InvariantCulture);
            duration += part.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }

        return true;
    }

    /// <summary>A positive duration, else bad usage naming the option.</summary>
    public static TimeSpan Positive(string text, string option) =>
        TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new UsageException($"{option} {text}: expected a duration such as 500ms, 10s or 2m");

    [GeneratedRegex(@"(?<value>\d+(\.\d+)?)(?<unit>ms|s|m|h)")]
    private static partial Regex Part();

    /// <summary>A positive duration option, with a one-line error for anything else.</summary>
    public static TimeSpan? Parse(ArgumentResult result) => Parse(result, zeroAllowed: false);

    /// <summary>A duration option that may be zero (0s: none at all), with a one-line error for anything else.</summary>
    public static TimeSpan? ParseZeroOrMore(ArgumentResult result) => Parse(result, zeroAllowed: true);

    private static TimeSpan? Parse(ArgumentResult result, bool zeroAllowed)
    {
        var text = result.Tokens.Single().Value;
        if (DurationText.TryParse(text, out var value) && (value > TimeSpan.Zero || (zeroAllowed && value == TimeSpan.Zero)))
        {
            return value;
        }

        result.AddError($"'{text}' is not a duration: use a number with a unit, such as {(zeroAllowed ? "0s, " : "")}500ms, 30s, 5m or 1h");
        return null;
    }
}
