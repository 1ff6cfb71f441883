using CMesh.Peer.Coordination;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Peer;

public sealed class BeatScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TaskCompletionSource _firstLink = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task A_first_link_that_opens_between_beats_is_reported_at_once_and_the_beats_keep_their_pace()
    {
        using var beats = new BeatSchedule(Interval, _firstLink.Task, _clock);

        var first = beats.WaitForNextAsync(CancellationToken.None);
        _clock.Advance(Interval);
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(5)));

        var early = beats.WaitForNextAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.False(early.IsCompleted);
        _firstLink.SetResult();
        Assert.True(await early.WaitAsync(TimeSpan.FromSeconds(5)));

        var next = beats.WaitForNextAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.False(next.IsCompleted, "the beat after the early one came before the interval's next tick");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_link_open_before_the_first_wait_is_reported_without_waiting_for_the_interval()
    {
        _firstLink.SetResult();
        using var beats = new BeatSchedule(Interval, _firstLink.Task, _clock);

        Assert.True(await beats.WaitForNextAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));

        var next = beats.WaitForNextAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(next.IsCompleted, "the first link was reported twice");
        _clock.Advance(Interval);
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_first_link_open_when_a_beat_falls_due_makes_one_beat_not_two()
    {
        using var beats = new BeatSchedule(Interval, _firstLink.Task, _clock);
        _clock.Advance(Interval);
        _firstLink.SetResult();

        Assert.True(await beats.WaitForNextAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));

        var next = beats.WaitForNextAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        _clock.Advance(Interval);
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Disposing_ends_the_schedule_and_cancelling_ends_the_wait()
    {
        var beats = new BeatSchedule(Interval, _firstLink.Task, _clock);
        var waiting = beats.WaitForNextAsync(CancellationToken.None);
        beats.Dispose();
        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));

        using var cancelled = new CancellationTokenSource();
        using var other = new BeatSchedule(Interval, _firstLink.Task, _clock);
        var cancelledWait = other.WaitForNextAsync(cancelled.Token);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledWait.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
