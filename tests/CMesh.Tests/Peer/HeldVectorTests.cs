using CMesh.Peer.Sync;
using FsCheck;
using FsCheck.Fluent;

namespace CMesh.Tests.Peer;

public sealed class HeldVectorTests
{
    [Fact]
    public void A_range_past_a_gap_waits_until_the_gap_is_filled()
    {
        var held = new HeldVector();
        held.Raise("a", 2);
        held.Add(new UpdateRange("a", 5, 2));
        held.Add(new UpdateRange("a", 9, 1));
        var beforeTheGap = held["a"];

        held.Add(new UpdateRange("a", 3, 2));
        var afterIt = held["a"];
        held.Raise("a", 8);

        Assert.Equal(2, beforeTheGap);
        Assert.Equal(6, afterIt);
        Assert.Equal(9, held["a"]);
        Assert.Equal("a:9", held.Watermarks().ToString());
    }

    [Fact]
    public void A_writer_never_heard_of_or_held_only_past_a_gap_has_no_watermark()
    {
        var held = new HeldVector();
        held.Add(new UpdateRange("b", 2, 1));

        Assert.Equal(0, held["a"]);
        Assert.Equal(0, held["b"]);
        Assert.Empty(held.Watermarks().Entries);
    }

    [Fact]
    public void The_watermark_is_the_longest_run_from_one_whatever_order_the_facts_came_in() =>
        Prop.ForAll(Facts(), facts =>
        {
            var covered = facts.Given.SelectMany(f => Enumerable.Range((int)f.First, (int)(f.Last - f.First + 1))).ToHashSet();
            var expected = 0;
            while (covered.Contains(expected + 1))
            {
                expected++;
            }

            return Gathered(facts.Given) == expected && Gathered(facts.Shuffled) == expected;
        }).QuickCheckThrowOnFailure();

    private static long Gathered(IEnumerable<(long First, long Last)> facts)
    {
        var held = new HeldVector();
        foreach (var (first, last) in facts)
        {
            if (first == 1)
            {
                held.Raise("w", last);
            }
            else
            {
                held.Add(new UpdateRange("w", first, (int)(last - first + 1)));
            }
        }

        return held["w"];
    }

    /// <summary>Ranges of one writer's sequences 1 to 40 (one that starts at 1 is a watermark), in two orders.</summary>
    private static Arbitrary<((long First, long Last)[] Given, (long First, long Last)[] Shuffled)> Facts() =>
        (from facts in Gen.ArrayOf(
             from first in Gen.Choose(1, 40)
             from length in Gen.Choose(1, 6)
             select ((long)first, (long)Math.Min(40, first + length - 1)))
         from shuffled in Gen.Shuffle(facts)
         select (facts, shuffled)).ToArbitrary();
}
