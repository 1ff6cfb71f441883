
namespace CMesh.Chaos.Assertions;

/// <summary>How a measured value must compare with its threshold: &lt;, &lt;=, &gt; or &gt;=.</summary>
public enum Comparison
{
    Below,
    AtMost,
    Above,
    AtLeast,
}

public static class ComparisonSymbols
{
    public static string Symbol(this Comparison comparison) => comparison switch
    {
        Comparison.Below => "<",
        Comparison.AtMost => "<=",
        Comparison.Above => ">",
        _ => ">=",
    };

    public static Comparison Parse(string symbol) => symbol switch
    {
        "<" => Comparison.Below,
        "<=" => Comparison.AtMost,
        ">" => Comparison.Above,
        ">=" => Comparison.AtLeast,
        _ => throw new FormatException($"'{symbol}' is not a comparison: use <, <=, > or >="),
    };
}
