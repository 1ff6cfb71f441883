using ScottPlot;
using SkiaSharp;

namespace CMesh.Report.Plots;

/// <summary>
/// The charts' typeface, DejaVu Sans, read from this assembly rather than the host: Skia's Linux library looks only in
/// /usr/share/fonts, which a slim container leaves empty, and the same font makes the same chart on every machine.
/// </summary>
public sealed class PlotFont : IFontResolver
{
    public const string Name = "DejaVu Sans";

    private static readonly Lazy<PlotFont> Registered = new(Register);

    private readonly SKTypeface _typeface;

    private PlotFont(SKTypeface typeface) => _typeface = typeface;

    /// <summary>Makes it ScottPlot's default; to be called before a plot is created (its labels take the default then).</summary>
    public static void Use() => _ = Registered.Value;

    /// <summary>The one face for every style asked for: the charts use no bold or italic.</summary>
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) => fontName == Name ? _typeface : null;

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == Name ? _typeface : null;

    private static PlotFont Register()
    {
        using var stream = typeof(PlotFont).Assembly.GetManifestResourceStream("CMesh.Report.Plots.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("the charts' font is missing from CMesh.Report");
        var font = new PlotFont(SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("the charts' font could not be read"));
        Fonts.FontResolvers.Insert(0, font);
        Fonts.Default = Name;
        return font;
    }
}
