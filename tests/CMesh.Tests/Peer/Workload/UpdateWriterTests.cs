using CMesh.Common;
using CMesh.Peer.Workload;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Peer.Workload;

public sealed class UpdateWriterTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start - TimeSpan.FromSeconds(1));
    private readonly List<long?> _due = [];

    [Fact]
    public async Task Writes_once_a_slot_and_no_slot_due_at_or_after_the_stop()
    {
        var running = false;
        var writing = Writer().RunFromAsync(Start, Start + TimeSpan.FromSeconds(5), () => running = true, TextWriter.Null, "peer-1", CancellationToken.None);

        await WriteSlotsAsync(5);

        await writing.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(running);
        var due = Due();
        Assert.Equal(5, due.Count);
        Assert.All(due, d => Assert.InRange(d, Micros(Start), Micros(Start + TimeSpan.FromSeconds(5)) - 1));
        Assert.All(due.Zip(due.Skip(1)), pair => Assert.Equal(1_000_000, pair.Second - pair.First));
    }

    [Fact]
    public async Task Without_a_stop_it_writes_until_cancelled()
    {
        using var stop = new CancellationTokenSource();
        var writing = Writer().RunFromAsync(Start, null, () => { }, TextWriter.Null, "peer-1", stop.Token);

        await WriteSlotsAsync(12);
        await stop.CancelAsync();
        await writing;

        Assert.Equal(12, Due().Count);
    }

    [Fact]
    public async Task A_writer_that_wakes_only_after_the_stop_writes_nothing()
    {
        var writing = Writer().RunFromAsync(Start, Start + TimeSpan.FromSeconds(3), () => { }, TextWriter.Null, "peer-1", CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(10));
        await writing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(Due());
    }

    [Fact]
    public async Task Writers_seeded_alike_write_on_the_same_schedule_whether_or_not_a_warm_up_came_first()
    {
        var (warmedUp, cold) = (new List<long?>(), new List<long?>());
        var first = Recording(warmedUp, new Random(11));
        var second = Recording(cold, new Random(11));
        await first.WarmUpAsync(CancellationToken.None);

        var stopAt = Start + TimeSpan.FromSeconds(3);
        var writing = Task.WhenAll(
            first.RunFromAsync(Start, stopAt, () => { }, TextWriter.Null, "peer-1", CancellationToken.None),
            second.RunFromAsync(Start, stopAt, () => { }, TextWriter.Null, "peer-1", CancellationToken.None));
        _clock.Advance(Start - _clock.GetUtcNow());
        for (var slot = 1; slot <= 3; slot++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Eventually.True(() => Count(warmedUp) == slot + 1 && Count(cold) == slot);
        }

        await writing.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Null(warmedUp[0]);
        Assert.Equal(cold, warmedUp.Skip(1));
        Assert.NotEqual(Micros(Start), cold[0]);
    }

    private UpdateWriter Recording(List<long?> due, Random random) =>
        new((_, slot, _) =>
        {
            lock (due)
            {
                due.Add(slot);
            }

            return ValueTask.CompletedTask;
        }, 16, TimeSpan.FromSeconds(1), _clock, random);

    private static int Count(List<long?> due)
    {
        lock (due)
        {
            return due.Count;
        }
    }

    private UpdateWriter Writer() => Recording(_due, new Random(7));

    private List<long> Due()
    {
        lock (_due)
        {
            return _due.Select(d => d!.Value).ToList();
        }
    }

    /// <summary>
    /// Moves the fake clock to the start, then a second at a time, each time waiting for the slot that second holds
    /// to be written: the writer is never more than one slot behind, however slowly its continuations run.
    /// </summary>
    private async Task WriteSlotsAsync(int slots)
    {
        _clock.Advance(Start - _clock.GetUtcNow());
        for (var written = 1; written <= slots; written++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Eventually.True(() => Due().Count == written);
        }
    }

    private static long Micros(DateTimeOffset time) => UnixTime.ToMicros(time.UtcDateTime);
}
