namespace CMesh.Common;

/// <summary>Orders names by their text, then by the number they end with: peer-2 before peer-10.</summary>
public sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var (xStem, xNumber) = Split(x ?? "");
        var (yStem, yNumber) = Split(y ?? "");
        var byStem = string.CompareOrdinal(xStem, yStem);
        return byStem != 0 ? byStem : xNumber != yNumber ? xNumber.CompareTo(yNumber) : string.CompareOrdinal(x, y);
    }

    private static (string Stem, long Number) Split(string name)
    {
        var digits = name.Length;
        while (digits > 0 && char.IsAsciiDigit(name[digits - 1]))
        {
            digits--;
        }

        return digits < name.Length && name.Length - digits < 18 ? (name[..digits], long.Parse(name[digits..])) : (name, -1);
    }
}
