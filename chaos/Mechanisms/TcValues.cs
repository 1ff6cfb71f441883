using System.Globalization;

namespace CMesh.Chaos.Mechanisms;

/// <summary>Times and percentages written the way tc reads them.</summary>
public static class TcValues
{
    public static string Time(TimeSpan time) => time.Ticks % TimeSpan.TicksPerMillisecond == 0
        ? $"{(long)time.TotalMilliseconds}ms"
        : $"{(long)(time.Ticks / TimeSpan.TicksPerMicrosecond)}us";

    public static string Percent(double percent) => $"{percent.ToString("0.###", CultureInfo.InvariantCulture)}%";
}
