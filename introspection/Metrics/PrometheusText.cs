using System.Globalization;
using System.Text;

namespace CMesh.Introspection.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (0.0.4): each family once with its HELP and TYPE lines, then its
/// samples. Built on request only, so a node that is never scraped pays nothing.
/// </summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private string? _current;

    /// <summary>Starts a family; samples written after it belong to it. A family may be started only once.</summary>
    public PrometheusText Family(string name, MetricType type, string help)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"{name} is not a valid metric name", nameof(name));
        }

        if (type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException($"counter {name} must end in _total", nameof(name));
        }

        if (!_families.Add(name))
        {
            throw new InvalidOperationException($"metric family {name} written twice");
        }

        _current = name;
        _text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type.ToString().ToLowerInvariant()).Append('\n');
        return this;
    }

    public PrometheusText Sample(double value, params (string Name, string Value)[] labels) => Line(CurrentFamily, labels, null, value);

    /// <summary>The _bucket, _sum and _count samples of one histogram of the current family.</summary>
    public PrometheusText Histogram(HistogramSnapshot histogram, params (string Name, string Value)[] labels)
    {
        var family = CurrentFamily;
        for (var i = 0; i < histogram.Cumulative.Count; i++)
        {
            var bound = i < histogram.Bounds.Count ? Format(histogram.Bounds[i]) : "+Inf";
            Line(family + "_bucket", labels, ("le", bound), histogram.Cumulative[i]);
        }

        Line(family + "_sum", labels, null, histogram.SumSeconds);
        return Line(family + "_count", labels, null, histogram.Count);
    }

    public override string ToString() => _text.ToString();

    private string CurrentFamily => _current ?? throw new InvalidOperationException("write a family before its samples");

    private PrometheusText Line(string name, (string Name, string Value)[] labels, (string Name, string Value)? extra, double value)
    {
        _text.Append(name);
        if (labels.Length > 0 || extra is not null)
        {
            _text.Append('{');
            var first = true;
            foreach (var (labelName, labelValue) in extra is { } last ? labels.Append(last) : labels)
            {
                _text.Append(first ? "" : ",").Append(labelName).Append("=\"").Append(EscapeLabel(labelValue)).Append('"');
                first = false;
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\").Replace("\n", "\\n");

    private static bool IsValidName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
}

public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
