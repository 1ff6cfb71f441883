using System.Collections.Concurrent;
using CMesh.Common.Timing;

namespace CMesh.Tests.Timing;

/// <summary>
/// The peer's own timer thread, on the real clock: what fires, in what order, on which thread, and what disarms it.
/// Waits are bounded generously and nothing asserts how soon a timer fired, only that it did or did not.
/// </summary>
public sealed class TimerThreadTimeProviderTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private readonly TimerThreadTimeProvider _clock = new("test timers");

    public void Dispose() => _clock.Dispose();

    [Fact]
    public async Task A_one_shot_timer_fires_once_on_the_providers_thread()
    {
        var fired = new ConcurrentQueue<string?>();
        using var timer = _clock.CreateTimer(_ => fired.Enqueue(Thread.CurrentThread.Name), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);

        await Eventually.True(() => !fired.IsEmpty);
        await Task.Delay(200);
        Assert.Equal(["test timers"], fired);
    }

    [Fact]
    public async Task A_timer_armed_sooner_than_the_one_the_thread_sleeps_for_wakes_it()
    {
        var order = new ConcurrentQueue<string>();
        using var late = _clock.CreateTimer(_ => order.Enqueue("late"), null, Long, Timeout.InfiniteTimeSpan);
        await Task.Delay(50);
        using var soon = _clock.CreateTimer(_ => order.Enqueue("soon"), null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);

        await Eventually.True(() => !order.IsEmpty);
        Assert.Equal(["soon"], order);
    }

    [Fact]
    public async Task Timers_armed_sooner_while_the_thread_sleeps_move_its_alarm_without_waking_it()
    {
        const string name = "alarm-probe";
        using var clock = new TimerThreadTimeProvider(name);
        using var far = clock.CreateTimer(_ => { }, null, Long, Timeout.InfiniteTimeSpan);
        var fired = 0;
        using var sooner = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, Long, Timeout.InfiniteTimeSpan);
        string? thread = null;
        await Eventually.True(() => (thread = Directory.GetDirectories("/proc/self/task").SingleOrDefault(t => File.ReadAllText($"{t}/comm").Trim() == name)) is not null);
        await Task.Delay(100);

        var before = VoluntarySwitches(thread!);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(sooner.Change(TimeSpan.FromMilliseconds(1000 - (10 * i)), Timeout.InfiniteTimeSpan));
            await Task.Delay(5);
        }

        var whileArming = VoluntarySwitches(thread!) - before;
        await Eventually.True(() => Volatile.Read(ref fired) == 1);
        Assert.InRange(whileArming, 0, 2);
    }

    [Fact]
    public async Task A_timer_moved_later_or_disarmed_while_the_thread_sleeps_does_not_wake_it_at_the_time_it_had()
    {
        const string name = "alarm-later";
        using var clock = new TimerThreadTimeProvider(name);
        var fired = 0;
        using var moved = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, Long, Timeout.InfiniteTimeSpan);
        using var disarmed = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, Long, Timeout.InfiniteTimeSpan);
        string? thread = null;
        await Eventually.True(() => (thread = Directory.GetDirectories("/proc/self/task").SingleOrDefault(t => File.ReadAllText($"{t}/comm").Trim() == name)) is not null);
        Assert.True(moved.Change(TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan));
        Assert.True(disarmed.Change(TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan));
        await Task.Delay(20);

        var before = VoluntarySwitches(thread!);
        Assert.True(disarmed.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        Assert.True(moved.Change(TimeSpan.FromMilliseconds(600), Timeout.InfiniteTimeSpan));
        await Task.Delay(300);
        var pastTheOldTimes = VoluntarySwitches(thread!) - before;

        Assert.Equal(0, pastTheOldTimes);
        Assert.Equal(0, Volatile.Read(ref fired));
        await Eventually.True(() => Volatile.Read(ref fired) == 1);
    }

    private static long VoluntarySwitches(string task) =>
        long.Parse(File.ReadLines($"{task}/status").Single(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)).Split(':')[1].Trim());

    [Fact]
    public async Task Timers_due_together_fire_in_the_order_they_are_due_one_after_another()
    {
        var order = new ConcurrentQueue<int>();
        var running = 0;
        var overlapped = false;
        var timers = Enumerable.Range(0, 5).Select(i => _clock.CreateTimer(
            _ =>
            {
                overlapped |= Interlocked.Increment(ref running) > 1;
                Thread.Sleep(5);
                order.Enqueue(i);
                Interlocked.Decrement(ref running);
            },
            null, TimeSpan.FromMilliseconds(100 + i), Timeout.InfiniteTimeSpan)).ToList();

        await Eventually.True(() => order.Count == 5);
        Assert.Equal([0, 1, 2, 3, 4], order);
        Assert.False(overlapped);
        timers.ForEach(t => t.Dispose());
    }

    [Fact]
    public async Task A_periodic_timer_fires_until_disposed_and_never_after()
    {
        var ticks = 0;
        var timer = _clock.CreateTimer(_ => Interlocked.Increment(ref ticks), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
        await Eventually.True(() => Volatile.Read(ref ticks) >= 3);

        await timer.DisposeAsync();
        var atDispose = Volatile.Read(ref ticks);
        await Task.Delay(100);
        Assert.Equal(atDispose, Volatile.Read(ref ticks));
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task Changing_a_timer_to_infinite_disarms_it_and_changing_it_again_rearms_it()
    {
        var ticks = 0;
        using var timer = _clock.CreateTimer(_ => Interlocked.Increment(ref ticks), null, TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        await Task.Delay(200);
        Assert.Equal(0, Volatile.Read(ref ticks));

        Assert.True(timer.Change(TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan));
        await Eventually.True(() => Volatile.Read(ref ticks) == 1);
    }

    [Fact]
    public async Task Disposing_a_timer_asynchronously_waits_for_its_running_callback()
    {
        using var inCallback = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        var returned = false;
        var timer = _clock.CreateTimer(
            _ =>
            {
                inCallback.Release();
                release.Wait(Bound);
                Volatile.Write(ref returned, true);
            },
            null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        Assert.True(await inCallback.WaitAsync(Bound));

        var disposing = timer.DisposeAsync().AsTask();
        await Task.Delay(50);
        Assert.False(disposing.IsCompleted);
        release.Set();
        await disposing.WaitAsync(Bound);
        Assert.True(Volatile.Read(ref returned));
    }

    [Fact]
    public async Task Task_Delay_PeriodicTimer_and_a_timed_cancellation_run_on_it_and_the_caller_execution_context_flows()
    {
        var flowing = new AsyncLocal<string> { Value = "caller" };
        string? seen = null;
        using var timer = _clock.CreateTimer(_ => seen = flowing.Value, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        await Eventually.True(() => seen is not null);
        Assert.Equal("caller", seen);

        await Task.Delay(TimeSpan.FromMilliseconds(10), _clock).WaitAsync(Bound);
        using var periodic = new PeriodicTimer(TimeSpan.FromMilliseconds(10), _clock);
        Assert.True(await periodic.WaitForNextTickAsync().AsTask().WaitAsync(Bound));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(10), _clock);
        await Eventually.True(() => timeout.IsCancellationRequested);
    }

    [Fact]
    public void A_negative_due_time_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _clock.CreateTimer(_ => { }, null, TimeSpan.FromMilliseconds(-2), Timeout.InfiniteTimeSpan));
    }
}
