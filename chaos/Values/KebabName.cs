using System.Text.RegularExpressions;

namespace CMesh.Chaos.Values;

/// <summary>Enum values as scenarios write them: RandomHalves is random-halves.</summary>
public static partial class KebabName
{
    public static string Of<T>(T value) where T : struct, Enum => WordBoundary().Replace(value.ToString(), "$1-$2").ToLowerInvariant();

    /// <exception cref="FormatException">The text names no value; the message lists them all.</exception>
    public static T Parse<T>(string text, string what) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            if (Of(value) == text)
            {
                return value;
            }
        }

        throw new FormatException($"'{text}' is not a {what}: use one of {string.Join(", ", Enum.GetValues<T>().Select(Of))}");
    }

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex WordBoundary();
}
