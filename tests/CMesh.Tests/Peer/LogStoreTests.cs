using CMesh.Peer.Sync;
using FsCheck;
using FsCheck.Fluent;

namespace CMesh.Tests.Peer;

public sealed class LogStoreTests
{
    [Fact]
    public void Replicas_that_receive_the_same_updates_in_any_order_with_duplicates_converge()
    {
        Prop.ForAll(Histories(), history =>
        {
            var (updates, firstOrder, secondOrder) = history;
            var first = new LogStore();
            var second = new LogStore();
            foreach (var i in firstOrder)
            {
                first.Apply(updates[i]);
            }

            foreach (var i in secondOrder)
            {
                second.Apply(updates[i]);
            }

            return first.Digest() == second.Digest() && first.Summary().Covers(second.Summary()) && second.Summary().Covers(first.Summary());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Anti_entropy_repairs_any_loss_so_that_replicas_converge()
    {
        Prop.ForAll(Histories(), Gen.Choose(0, 100).ToArbitrary(), (history, lossPercent) =>
        {
            var (updates, order, _) = history;
            var random = new Random(lossPercent);
            var sender = new LogStore();
            var receiver = new LogStore();
            foreach (var i in order)
            {
                sender.Apply(updates[i]);
                if (random.Next(100) >= lossPercent)
                {
                    receiver.Apply(updates[i]);
                }
            }

            foreach (var missing in sender.Missing(receiver.Summary()))
            {
                receiver.Apply(missing);
            }

            foreach (var missing in receiver.Missing(sender.Summary()))
            {
                sender.Apply(missing);
            }

            return sender.Digest() == receiver.Digest();
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Applying_an_update_twice_reports_the_duplicate_and_changes_nothing()
    {
        var store = new LogStore();
        var update = new Update("peer-1", 1, 10, 1, [7]);

        Assert.True(store.Apply(update));
        var digest = store.Digest();
        Assert.False(store.Apply(update with { Hops = 3 }));
        Assert.Equal(digest, store.Digest());
    }

    [Fact]
    public void The_version_vector_stops_below_a_gap_and_the_delta_holds_what_is_above_it()
    {
        var store = new LogStore();
        foreach (var sequence in new long[] { 1, 2, 4 })
        {
            store.Apply(new Update("w", sequence, sequence, 1, []));
        }

        Assert.Equal(2, store.Summary()["w"]);
        Assert.Equal([4L], store.Missing(new VersionVector(new Dictionary<string, long> { ["w"] = 2 })).Select(u => u.Sequence));
        store.Apply(new Update("w", 3, 3, 1, []));
        Assert.Equal(4, store.Summary()["w"]);
    }

    [Fact]
    public void A_range_gives_the_updates_held_within_it_and_skips_the_gaps()
    {
        var store = new LogStore();
        foreach (var sequence in new long[] { 1, 2, 4, 5 })
        {
            store.Apply(new Update("w", sequence, sequence, 1, [(byte)sequence]));
        }

        Assert.Equal([2L, 4L], store.Range("w", 2, 3).Select(u => u.Sequence));
        Assert.Equal([5L], store.Range("w", 5, ushort.MaxValue).Select(u => u.Sequence));
        Assert.Empty(store.Range("w", long.MaxValue, 1));
        Assert.Empty(store.Range("nobody", 1, 10));
    }

    [Fact]
    public void Local_writes_number_each_writers_updates_from_one()
    {
        var store = new LogStore();

        Assert.Equal(1, store.Write("me", [1], 100).Sequence);
        Assert.Equal(2, store.Write("me", [2], 200).Sequence);
        Assert.Equal(200, store.NewestWrites()["me"]);
    }

    /// <summary>Up to 4 writers' updates, and two arrival orders of them with repeats (duplicated messages).</summary>
    private static Arbitrary<(Update[] Updates, int[] FirstOrder, int[] SecondOrder)> Histories() =>
        (from writers in Gen.Choose(1, 4)
         from perWriter in Gen.Choose(1, 12)
         let updates = Enumerable.Range(1, writers)
             .SelectMany(w => Enumerable.Range(1, perWriter).Select(s => new Update($"peer-{w}", s, s * 1000L, 1, [(byte)w, (byte)s])))
             .ToArray()
         from first in Orders(updates.Length)
         from second in Orders(updates.Length)
         select (updates, first, second)).ToArbitrary();

    /// <summary>Every index at least once, in a random order, some repeated.</summary>
    private static Gen<int[]> Orders(int count) =>
        from shuffled in Gen.Shuffle(Enumerable.Range(0, count).ToArray())
        from repeats in Gen.ArrayOf(Gen.Choose(0, count - 1))
        from all in Gen.Shuffle(shuffled.Concat(repeats).ToArray())
        select all;
}
