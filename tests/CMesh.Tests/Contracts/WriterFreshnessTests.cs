using CMesh.Common.Contracts;

namespace CMesh.Tests.Contracts;

public sealed class WriterFreshnessTests
{
    private const long Now = 1_800_000_000_000_000;
    private const long Second = 1_000_000;
    private static readonly string[] Writers = ["peer-2", "peer-3"];

    [Fact]
    public void With_a_25_s_write_interval_a_writer_counts_fresh_20_s_after_its_last_write()
    {
        var freshness = WriterFreshness.Judge(Writers, Newest(("peer-2", 20), ("peer-3", 1)), Now, writeIntervalMs: 25_000, freshnessBoundMs: 5000);

        Assert.Equal(new WriterFreshness(2, 2, 20_000, 30_000), freshness);
    }

    [Fact]
    public void A_writer_whose_newest_update_held_is_older_than_the_interval_plus_the_bound_is_stale()
    {
        var freshness = WriterFreshness.Judge(Writers, Newest(("peer-2", 31), ("peer-3", 29)), Now, writeIntervalMs: 25_000, freshnessBoundMs: 5000);

        Assert.Equal(new WriterFreshness(2, 1, 31_000, 30_000), freshness);
    }

    [Theory]
    [InlineData(5_900, 1)]
    [InlineData(6_100, 0)]
    public void Writing_once_a_second_a_writer_stays_fresh_for_the_bound_and_one_interval(long ageMs, int fresh)
    {
        var freshness = WriterFreshness.Judge(["peer-2"], new Dictionary<string, long> { ["peer-2"] = Now - (ageMs * 1000) }, Now, 1000, 5000);

        Assert.Equal(fresh, freshness.WritersFresh);
    }

    [Fact]
    public void A_writer_never_heard_from_is_not_fresh_and_has_no_staleness()
    {
        var freshness = WriterFreshness.Judge(Writers, new Dictionary<string, long>(), Now, 25_000, 5000);

        Assert.Equal(new WriterFreshness(2, 0, -1, 30_000), freshness);
    }

    private static Dictionary<string, long> Newest(params (string Writer, int SecondsAgo)[] writes) =>
        writes.ToDictionary(w => w.Writer, w => Now - (w.SecondsAgo * Second));
}
