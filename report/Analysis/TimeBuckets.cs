using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>
/// The run's window cut into at most <see cref="MaxBuckets"/> equal buckets of whole seconds: the x resolution of
/// the plots that aggregate per time (latency bands, per-link bandwidth, open links per peer).
/// </summary>
public sealed record TimeBuckets(RunWindow Window, int SecondsPerBucket)
{
    public const int MaxBuckets = 240;

    public int Count => (Window.Seconds + SecondsPerBucket - 1) / SecondsPerBucket;

    public static TimeBuckets For(RunWindow window) => new(window, Math.Max(1, (window.Seconds + MaxBuckets - 1) / MaxBuckets));

    /// <summary>The bucket a time falls in, or -1 outside the window.</summary>
    public int Of(long timeUs) => Window.SecondOf(timeUs) is var second and >= 0 ? second / SecondsPerBucket : -1;

    /// <summary>The bucket's start, in seconds from the window's start.</summary>
    public double StartOffsetSeconds(int bucket) => bucket * SecondsPerBucket;
}
