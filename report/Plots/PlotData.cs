using System.Globalization;
using System.Text;

namespace CMesh.Report.Plots;

/// <summary>The data files of one plot, whitespace-separated as gnuplot reads them, in a scratch folder.</summary>
public sealed class PlotData(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>Writes rows of values (numbers with invariant culture; text quoted) and returns the file's name to use in a script.</summary>
    public string Write(string name, IEnumerable<IEnumerable<object>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(' ', row.Select(Format)).Append('\n');
        }

        File.WriteAllText(Path.Combine(Directory, name), text.ToString());
        return name;
    }

    /// <summary>A number as gnuplot reads it; NaN as gnuplot's missing value.</summary>
    public static string Format(object value) => value switch
    {
        double d when double.IsNaN(d) || double.IsInfinity(d) => "NaN",
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    /// <summary>Text inside a gnuplot string in double quotes.</summary>
    public static string Quote(string text) => $"\"{text.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
}
