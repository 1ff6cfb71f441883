namespace CMesh.Common.Contracts;

/// <summary>
/// From the last second's sample: of the other writers, how many this peer holds a recent update from. A peer does
/// not know what a writer has written so far, only when the newest update it holds from it was written; the writer
/// writes once per write interval, so a peer that lags it by no more than the freshness bound holds an update from it
/// at most the interval plus the bound old. That age is the live judgement; the report measures the lag itself.
/// </summary>
/// <param name="WritersFresh">Writers whose newest update held here was written at most <paramref name="FreshWithinMs"/> ago.</param>
/// <param name="WorstStalenessMs">Age of the newest update from the stalest writer heard from; -1 before any.</param>
/// <param name="FreshWithinMs">The write interval plus the freshness bound.</param>
public sealed record WriterFreshness(int WritersExpected, int WritersFresh, long WorstStalenessMs, long FreshWithinMs)
{
    /// <summary>
    /// How old the newest update held from a writer may be while the holder counts fresh for it. It is also how long a
    /// link may carry no update while the workload runs (each neighbour passes on at least its own writes), and how
    /// long after the workload's start updates can be expected everywhere (each writer's first write falls within the
    /// first interval).
    /// </summary>
    public static long AllowedAgeMs(int writeIntervalMs, int freshnessBoundMs) => (long)writeIntervalMs + freshnessBoundMs;

    /// <param name="writers">The other writers of the plan.</param>
    /// <param name="newestWrittenAtMicros">For each writer heard from, when the newest update held from it was written (Unix µs).</param>
    public static WriterFreshness Judge(
        IReadOnlyList<string> writers, IReadOnlyDictionary<string, long> newestWrittenAtMicros, long nowMicros, int writeIntervalMs, int freshnessBoundMs)
    {
        var freshWithinMs = AllowedAgeMs(writeIntervalMs, freshnessBoundMs);
        var stalenessMs = writers.Where(newestWrittenAtMicros.ContainsKey).Select(w => (nowMicros - newestWrittenAtMicros[w]) / 1000).ToList();
        return new WriterFreshness(writers.Count, stalenessMs.Count(s => s <= freshWithinMs), stalenessMs.Count == 0 ? -1 : stalenessMs.Max(), freshWithinMs);
    }
}
