using System.Diagnostics;

namespace CMesh.Common.Timing;

/// <summary>
/// The system clock, with every timer it creates kept by one thread of its own: the thread sleeps until the earliest
/// timer is due, runs the callbacks of those due one after another, and sleeps again. A periodic timer keeps to its
/// schedule (a late tick does not push the next one back); ticks missed altogether are skipped, not caught up.
/// </summary>
/// <remarks>
/// Why not the runtime's timers: they sit in one queue per processor; a queue whose timers are all more than 333 ms
/// away wakes the runtime's timer thread every 333 ms to look at them again, and each firing runs on a thread-pool
/// thread, which wakes the timer thread once more to re-arm. An idle peer's timers (its second's sample, its links'
/// heartbeat, its beat to the coordinator, its records' flush) fire about three times a second; its runtime's timer
/// thread woke ten times a second and the thread pool's workers fifteen (strace and /proc, one peer of an idle mesh),
/// and an idle peer's wake-ups are most of what it costs. Callbacks run on this provider's thread, one at a time, so
/// each must be short and must not wait for anything a timer of the same provider would complete.
/// The thread sleeps on a <see cref="MonotonicAlarm"/>: a timer armed sooner, later or not at all from another thread
/// (lazy push's announcements, the records' flush) moves the alarm without waking the thread, where a monitor's pulse woke it once
/// more only to sleep again (measured, per peer of a 50-peer lazy-push mesh at 5 updates/s: the timer thread switched
/// 18.6 times a second with the pulse, 14.1 with the alarm).
/// </remarks>
public sealed class TimerThreadTimeProvider : TimeProvider, IDisposable
{
    private const long NotSleeping = long.MinValue;
    private static readonly long Frequency = Stopwatch.Frequency;

    private readonly object _gate = new();
    private readonly MonotonicAlarm _alarm = new();
    private readonly PriorityQueue<Arming, long> _queue = new();
    private readonly Thread _thread;
    // The alarm the sleeping thread will wake at (a timestamp), so that a timer due sooner moves it; NotSleeping while it runs.
    private long _sleepingUntil = NotSleeping;
    private ThreadTimer? _firing;
    private bool _stopped;

    /// <param name="threadName">The timer thread's name, as `ps -T` and a debugger show it.</param>
    public TimerThreadTimeProvider(string threadName)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ThreadTimer(this, callback, state, ExecutionContext.Capture());
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Ends the thread; a timer due later never fires.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _stopped = true;
                _alarm.WakeAt(0);
            }
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Frequency);

    private static void Validate(TimeSpan span, string name)
    {
        var ms = (long)span.TotalMilliseconds;
        if (ms < -1 || ms > uint.MaxValue - 1)
        {
            throw new ArgumentOutOfRangeException(name, span, "must be Timeout.InfiniteTimeSpan or between 0 and 4294967294 ms");
        }
    }

    private void Run()
    {
        var due = new List<Arming>();
        while (true)
        {
            lock (_gate)
            {
                if (_stopped)
                {
                    _alarm.Dispose();
                    return;
                }

                if (TakeDue(due))
                {
                    _sleepingUntil = NotSleeping;
                }
                else
                {
                    _alarm.WakeAt(_sleepingUntil);
                }
            }

            if (due.Count == 0)
            {
                // A timer armed sooner, or the provider's disposal, moves the alarm while the thread sleeps.
                _alarm.Wait();
                continue;
            }

            foreach (var (timer, version) in due)
            {
                lock (_gate)
                {
                    if (version != timer.Version)
                    {
                        continue;
                    }

                    _firing = timer;
                }

                timer.Invoke();
                TaskCompletionSource? disposing;
                lock (_gate)
                {
                    _firing = null;
                    disposing = timer.Disposing;
                }

                disposing?.SetResult();
            }

            due.Clear();
        }
    }

    /// <summary>Moves every timer now due to <paramref name="due"/>, re-arming periodic ones; otherwise says when to wake.</summary>
    private bool TakeDue(List<Arming> due)
    {
        var now = GetTimestamp();
        while (_queue.TryPeek(out var arming, out var at))
        {
            if (arming.Version != arming.Timer.Version)
            {
                _queue.Dequeue();
                continue;
            }

            if (at > now)
            {
                break;
            }

            _queue.Dequeue();
            due.Add(arming);
            if (arming.Timer.PeriodTicks > 0)
            {
                var next = at + arming.Timer.PeriodTicks;
                _queue.Enqueue(arming, next > now ? next : now + arming.Timer.PeriodTicks);
            }
        }

        _sleepingUntil = _queue.TryPeek(out _, out var earliest) ? earliest : long.MaxValue;
        return due.Count > 0;
    }

    /// <returns>False once the timer is disposed.</returns>
    private bool Arm(ThreadTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, nameof(dueTime));
        Validate(period, nameof(period));
        lock (_gate)
        {
            if (timer.Disposed)
            {
                return false;
            }

            timer.Version++;
            timer.PeriodTicks = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? 0 : Math.Max(1, ToTicks(period));
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                _queue.Enqueue(new Arming(timer, timer.Version), GetTimestamp() + ToTicks(dueTime));
            }

            MoveAlarmToEarliest();
            return true;
        }
    }

    /// <summary>
    /// While the thread sleeps, sets its alarm to the earliest timer still armed, later as well as sooner: a timer moved
    /// later or disarmed (lazy push's, when the announcements it waited for are withdrawn) then costs no wake-up at the
    /// time it had. Called under the gate.
    /// </summary>
    private void MoveAlarmToEarliest()
    {
        if (_stopped || _sleepingUntil == NotSleeping)
        {
            return;
        }

        while (_queue.TryPeek(out var head, out _) && head.Version != head.Timer.Version)
        {
            _queue.Dequeue();
        }

        var earliest = _queue.TryPeek(out _, out var at) ? at : long.MaxValue;
        if (earliest != _sleepingUntil)
        {
            _sleepingUntil = earliest;
            _alarm.WakeAt(earliest);
        }
    }

    /// <summary>Disarms the timer for good; the task completes once a callback of it that is running returns.</summary>
    private Task Disarm(ThreadTimer timer)
    {
        lock (_gate)
        {
            timer.Disposed = true;
            timer.Version++;
            if (_firing != timer || Environment.CurrentManagedThreadId == _thread.ManagedThreadId)
            {
                return Task.CompletedTask;
            }

            timer.Disposing ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return timer.Disposing.Task;
        }
    }

    private readonly record struct Arming(ThreadTimer Timer, long Version);

    private sealed class ThreadTimer(TimerThreadTimeProvider owner, TimerCallback callback, object? state, ExecutionContext? context) : ITimer
    {
        // Guarded by the owner's gate: every Change and Dispose makes the armings queued before it stale.
        public long Version { get; set; }

        public long PeriodTicks { get; set; }

        public bool Disposed { get; set; }

        /// <summary>Set when the timer is disposed asynchronously while its callback runs.</summary>
        public TaskCompletionSource? Disposing { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Arm(this, dueTime, period);

        public void Invoke()
        {
            if (context is null)
            {
                InvokeHere();
            }
            else
            {
                ExecutionContext.Run(context, static s => ((ThreadTimer)s!).InvokeHere(), this);
            }
        }

        public void Dispose() => owner.Disarm(this);

        public ValueTask DisposeAsync() => new(owner.Disarm(this));

        private void InvokeHere() => callback(state);
    }
}
