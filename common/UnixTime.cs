namespace CMesh.Common;

/// <summary>Wall-clock time as microseconds since the Unix epoch, the unit of every timestamp in results.</summary>
public static class UnixTime
{
    public static long NowMicros() => ToMicros(DateTime.UtcNow);

    public static long ToMicros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromMicros(long micros) =>
        new(DateTime.UnixEpoch.Ticks + micros * TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
}
