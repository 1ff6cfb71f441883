using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Timing;

/// <summary>
/// A fake clock that also tells whether any timer it made is armed, how often timers fired, and how many timers were
/// made and re-armed: each is a wake-up of the runtime's timer thread.
/// </summary>
internal sealed class TimerWatchingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly List<WatchedTimer> _timers = [];

    public TimerWatchingClock()
        : this(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public bool AnyTimerArmed => _timers.Any(t => t.Armed);

    public int Wakeups => _timers.Sum(t => t.Fired);

    public int Created => _timers.Count;

    public int Changes => _timers.Sum(t => t.Changes);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(callback, period);
        timer.Wrap(base.CreateTimer(timer.Fire, state, dueTime, period), dueTime);
        _timers.Add(timer);
        return timer;
    }

    private sealed class WatchedTimer(TimerCallback callback, TimeSpan period) : ITimer
    {
        private ITimer? _inner;
        private TimeSpan _period = period;

        public bool Armed { get; private set; }

        public int Fired { get; private set; }

        public int Changes { get; private set; }

        public void Wrap(ITimer inner, TimeSpan dueTime)
        {
            _inner = inner;
            Armed = dueTime != Timeout.InfiniteTimeSpan;
        }

        public void Fire(object? state)
        {
            Fired++;
            Armed = _period != Timeout.InfiniteTimeSpan;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Changes++;
            (_period, Armed) = (period, dueTime != Timeout.InfiniteTimeSpan);
            return _inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            Armed = false;
            _inner!.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
